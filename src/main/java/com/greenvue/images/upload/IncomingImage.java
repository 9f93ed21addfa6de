package com.greenvue.images.upload;

import java.nio.file.Path;

/**
 * One image offered for intake: the part's name, the client's file name and a temporary file with its
 * bytes (null for a part the multipart reader kept in memory as a field).
 */
public record IncomingImage(String name, String fileName, Path file, long size) {
}
