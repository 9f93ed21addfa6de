package com.greenvue.images;

import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.TransientStorageException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage that misbehaves on purpose in front of the real one: fails its first puts with a
 * transient error, can be switched down and up, or hangs its first call. Install it with
 * {@code QuarkusMock.installMockForType(storage, ImageStorage.class)}.
 */
public final class FaultyStorage implements ImageStorage {

    private final ImageStorage real;
    private final AtomicInteger failuresLeft;
    private final Duration firstCallHang;
    private final java.util.concurrent.CountDownLatch gate;
    private final AtomicInteger calls = new AtomicInteger();
    public final AtomicBoolean down = new AtomicBoolean(true);
    public final List<String> stored = new CopyOnWriteArrayList<>();

    private FaultyStorage(ImageStorage real, int failures, Duration firstCallHang,
            java.util.concurrent.CountDownLatch gate) {
        this.real = real;
        this.failuresLeft = new AtomicInteger(failures);
        this.firstCallHang = firstCallHang;
        this.gate = gate;
    }

    /** Every put waits until {@code gate} opens (a slow network), then stores. */
    public static FaultyStorage gated(ImageStorage real, java.util.concurrent.CountDownLatch gate) {
        return new FaultyStorage(real, 0, Duration.ZERO, gate);
    }

    /** Fails the first {@code failures} puts (while {@link #down} is set), then stores for real. */
    public static FaultyStorage failing(ImageStorage real, int failures) {
        return new FaultyStorage(real, failures, Duration.ZERO, null);
    }

    /** Down until {@code down.set(false)}. */
    public static FaultyStorage downForGood(ImageStorage real) {
        return failing(real, Integer.MAX_VALUE);
    }

    /** Its first put hangs for {@code hang} (a storage call stuck past its lease), then all calls store. */
    public static FaultyStorage hangingOnce(ImageStorage real, Duration hang) {
        return new FaultyStorage(real, 0, hang, null);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void put(String fileName, byte[] webp) {
        if (gate != null) {
            try {
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (calls.incrementAndGet() == 1 && !firstCallHang.isZero()) {
            try {
                Thread.sleep(firstCallHang.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down.get() && failuresLeft.getAndDecrement() > 0) {
            throw new TransientStorageException("storage unreachable (simulated outage)");
        }
        real.put(fileName, webp);
        stored.add(fileName);
    }

    @Override
    public String publicUrl(String fileName) {
        return real.publicUrl(fileName);
    }

    @Override
    public String name() {
        return "faulty";
    }
}
