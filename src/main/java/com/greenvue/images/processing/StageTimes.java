package com.greenvue.images.processing;

/**
 * Nanoseconds one {@link ImagePipeline} call spent per stage, for the benchmark and logs.
 * Filled by one call on one thread; never shared between calls.
 */
public final class StageTimes {

    public long decodeNanos;
    public long resizeNanos;
    public long encodeNanos;
    /** Source subsampling the decoder used (1 = full resolution). */
    public int subsampling = 1;
    /** Which decoder read the pixels: "libjpeg-turbo" or "imageio". */
    public String decoder = "none";
}
