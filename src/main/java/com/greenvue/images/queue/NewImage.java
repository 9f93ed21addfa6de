package com.greenvue.images.queue;

import java.nio.file.Path;

/** An accepted upload on its way into the queue: its record and the temporary file holding its bytes. */
public record NewImage(ImageRecord record, Path source) {
}
