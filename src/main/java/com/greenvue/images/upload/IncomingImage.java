package com.greenvue.images.upload;

import java.nio.file.Path;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** One image offered for intake: the part's name, the client's file name and a temporary file with its bytes. */
public record IncomingImage(String name, String fileName, Path file, long size) {

    static IncomingImage of(FileUpload part) {
        return new IncomingImage(part.name(), part.fileName(), part.uploadedFile(), part.size());
    }
}
