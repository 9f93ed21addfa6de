package com.greenvue.images.upload;

import com.greenvue.images.api.ApiException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.common.headers.HeaderUtil;
import org.jboss.resteasy.reactive.common.util.CaseInsensitiveMap;
import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

/**
 * Reads an upload's multipart/form-data body from the request stream, by the rules of Quarkus REST's
 * own parser (MultiPartParserDefinition and MultipartParser, 3.33), with the same limits and the same
 * config keys; file parts go to temp files in the uploads folder. It exists for speed: that parser looks
 * at every byte through a {@code ByteBuffer.get()} call, which the C1-only JIT cannot inline (about 6 ns
 * a byte); this one finds the boundary with a Boyer-Moore-Horspool skip and copies part bytes in bulk.
 * Never keeps a file part on the heap, and never reads the body before the resource runs (so after the
 * user token check).
 */
@ApplicationScoped
public class MultipartReader {

    private static final Logger LOG = Logger.getLogger(MultipartReader.class);
    static final String MULTIPART_FORM_DATA = "multipart/form-data";
    private static final byte CR = 0x0D, LF = 0x0A, DASH = 0x2D, SP = 0x20, HTAB = 0x09;
    /** Read buffer: holds a part of the body and the tail that may be the start of a boundary. */
    static final int BUFFER_BYTES = 128 * 1024;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDirectory;
    @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size")
    MemorySize maxAttributeSize;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;
    @ConfigProperty(name = "quarkus.http.limits.max-parameters", defaultValue = "1000")
    int maxParameters;
    @ConfigProperty(name = "quarkus.http.body.multipart.file-content-types")
    Optional<List<String>> fileContentTypes;
    @ConfigProperty(name = "quarkus.rest.multipart.input-part.default-charset", defaultValue = "UTF-8")
    Charset defaultCharset;

    /** The limits and places one parse uses (the bean's config, or a test's). */
    record Settings(Path tempDir, long maxAttributeSize, long maxEntitySize, int maxParameters,
            List<String> fileContentTypes, String defaultCharset) {
    }

    Settings settings() {
        return new Settings(Path.of(uploadsDirectory), maxAttributeSize.asLongValue(),
                maxBodySize.map(MemorySize::asLongValue).orElse(-1L), maxParameters,
                fileContentTypes.orElse(null), defaultCharset.name());
    }

    /**
     * Reads the whole body. A Content-Type that is not multipart/form-data or has no boundary gives an
     * empty form, as the framework's parser does. The caller closes the form: that deletes the temp files
     * still in the uploads folder (an accepted image's file has been moved to the spool by then).
     *
     * @throws ApiException 400 malformed_multipart, 413 too_many_parts
     * @throws WebApplicationException 413, a text field or the parts' bytes over their limits
     * @throws IOException a temp file could not be written (the disk is full, for one)
     */
    public Form read(InputStream body, String contentType) throws IOException {
        Settings s = settings;
        if (s == null) {
            settings = s = settings();
        }
        return read(body, contentType, s);
    }

    /** The config as {@link Settings}, made on the first upload (the config does not change at run time). */
    private volatile Settings settings;

    static Form read(InputStream body, String contentType, Settings settings) throws IOException {
        Form form = new Form();
        if (contentType == null || !contentType.startsWith(MULTIPART_FORM_DATA)) {
            return form;
        }
        try {
            // inside the try: the framework's header reader throws on "boundary=" with nothing after it
            String boundary = HeaderUtil.extractQuotedValueFromHeader(contentType, "boundary");
            if (boundary == null) {
                LOG.debugf("No boundary in the multipart Content-Type %s: no parts", contentType);
                return form;
            }
            String charset = settings.defaultCharset();
            String requestCharset = HeaderUtil.extractQuotedValueFromHeader(contentType, "charset");
            if (requestCharset != null) {
                charset = requestCharset;
            }
            new Parse(form, settings, boundary.getBytes(StandardCharsets.US_ASCII), charset).run(body);
            return form;
        } catch (ApiException | WebApplicationException | FileWriteException e) {
            form.close();
            if (e instanceof FileWriteException w) {
                throw w.getCause();
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            // what the framework's parser fails on: a part's headers, a filename* escape or charset, a
            // charset the JVM lacks, a bad part Content-Type, the body ending before its closing boundary
            form.close();
            LOG.debugf(e, "Refused a multipart body that could not be parsed");
            throw malformed();
        }
    }

    static ApiException malformed() {
        return new ApiException(400, "malformed_multipart", "The multipart/form-data body could not be parsed (a "
                + "part's headers, the boundary, a charset or the end of the body is invalid). Send each image as a "
                + "file part, e.g. curl -F images=@photo.jpg.");
    }

    static ApiException tooManyParts(int max) {
        return new ApiException(413, "too_many_parts", "The multipart/form-data body has more parts than the service "
                + "reads (" + max + "). Send at most a few images and the listing_title field.");
    }

    /** A temp file write failed: the server's fault (or a full disk), never a malformed body. */
    private static final class FileWriteException extends RuntimeException {
        FileWriteException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** One value of the form: a text field, a file part on disk or a non-text part kept in memory. */
    record Value(String text, Path file, byte[] bytes, String fileName, long size) {
        boolean isFile() {
            return file != null || bytes != null;
        }
    }

    /** The parsed form, grouped by part name in the order names first appeared (as the framework's FormData). */
    public static final class Form implements AutoCloseable {
        private final Map<String, List<Value>> values = new LinkedHashMap<>();
        private final List<Path> created = new ArrayList<>();
        private int count;

        void add(String name, Value value, int max) {
            values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            if (++count > max) {
                throw tooManyParts(max);
            }
        }

        /** Every file part, in the framework's order for FileUpload.ALL: by name, then by position. */
        public List<IncomingImage> images() {
            List<IncomingImage> images = new ArrayList<>();
            for (Map.Entry<String, List<Value>> e : values.entrySet()) {
                for (Value v : e.getValue()) {
                    if (v.isFile()) {
                        images.add(new IncomingImage(e.getKey(), v.fileName(), v.file(), v.size()));
                    }
                }
            }
            return images;
        }

        /** A text field as {@code @RestForm String} reads it: the first value; null if absent, empty or a file. */
        public String text(String name) {
            List<Value> list = values.get(name);
            if (list == null || list.isEmpty()) {
                return null;
            }
            Value first = list.get(0);
            return first.isFile() || first.text().isEmpty() ? null : first.text();
        }

        /** Deletes the temp files this form created that are still there. */
        @Override
        public void close() {
            for (Path file : created) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.errorf("Could not remove the uploaded temp file %s: %s", file, e.getMessage());
                }
            }
            created.clear();
        }
    }

    /** One body's parse: MultipartParser's state machine with MultiPartUploadHandler's part rules. */
    private static final class Parse {
        private final Form form;
        private final Settings settings;
        /** CRLF--boundary: what ends a part's data. */
        private final byte[] token;
        private final int[] skip = new int[256];
        private final String requestCharset;

        private byte[] buf = new byte[BUFFER_BYTES];
        private int pos, lim;
        private boolean eof;

        // MultipartParser.ParseState
        private int state; // 0 preamble, 1 header name, 2 header value, 3 entity, -1 done
        private int subState = Integer.MAX_VALUE;
        private ByteArrayOutputStream currentString;
        private String currentHeaderName;
        private CaseInsensitiveMap<String> headers;
        private Decoder decoder;

        // MultiPartUploadHandler
        private final ByteArrayOutputStream contentBytes = new ByteArrayOutputStream();
        private String currentName, fileName;
        private Path file;
        private FileChannel channel;
        private CaseInsensitiveMap<String> partHeaders;
        private long currentFileSize, currentEntitySize;

        Parse(Form form, Settings settings, byte[] boundary, String requestCharset) {
            this.form = form;
            this.settings = settings;
            this.requestCharset = requestCharset;
            token = new byte[boundary.length + 4];
            token[0] = CR;
            token[1] = LF;
            token[2] = DASH;
            token[3] = DASH;
            System.arraycopy(boundary, 0, token, 4, boundary.length);
            java.util.Arrays.fill(skip, token.length);
            for (int i = 0; i < token.length - 1; i++) {
                skip[token[i] & 0xFF] = token.length - 1 - i;
            }
        }

        void run(InputStream in) throws IOException {
            try {
                while (state != -1) {
                    // part data is searched with a whole boundary's length in view
                    if (pos == lim || (state == 3 && subState == 0 && lim - pos < token.length)) {
                        if (eof) {
                            break; // the body ended before its closing boundary
                        }
                        fill(in);
                        continue;
                    }
                    switch (state) {
                        case 0 -> preamble();
                        case 1 -> headerName();
                        case 2 -> headerValue();
                        case 3 -> entity();
                        default -> throw new IllegalStateException("state " + state);
                    }
                }
            } finally {
                closeChannel();
            }
            if (state != -1) {
                throw new IOException("the body ended before its closing boundary");
            }
        }

        /** Keeps the unread bytes, reads more after them; sets eof at the end of the body. */
        private void fill(InputStream in) throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            if (lim == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }

        private void preamble() {
            while (pos < lim) {
                final byte b = buf[pos++];
                if (subState >= 0) {
                    // no preamble: the body starts with --boundary, without the CRLF
                    if (subState == Integer.MAX_VALUE) {
                        subState = token[2] == b ? 2 : 0;
                    }
                    if (b == token[subState]) {
                        subState++;
                        if (subState == token.length) {
                            subState = -1;
                        }
                    } else if (b == token[0]) {
                        subState = 1;
                    } else {
                        subState = 0;
                    }
                } else if (afterBoundary(b, false)) {
                    return;
                }
            }
        }

        /**
         * One byte after a boundary (subState -1, -2 after a CR, -3 after a dash): CRLF starts the next
         * part's headers, "--" ends the body, anything else is skipped. As in the framework's parser, a dash
         * right after the CR counts as the first of "--" after a part's data but not after the preamble.
         * True when the state moved on (headers or done).
         */
        private boolean afterBoundary(byte b, boolean afterData) {
            if (subState == -1) {
                if (b == CR) {
                    subState = -2;
                } else if (b == DASH) {
                    subState = -3;
                }
            } else if (subState == -2) {
                if (b == LF) {
                    subState = 0;
                    state = 1;
                    headers = new CaseInsensitiveMap<>();
                    return true;
                }
                subState = afterData && b == DASH ? -3 : -1;
            } else if (subState == -3) {
                if (b == DASH) {
                    state = -1;
                    return true;
                }
                subState = -1;
            }
            return false;
        }

        private void headerName() throws IOException {
            while (pos < lim) {
                final byte b = buf[pos++];
                if (b == ':') {
                    if (currentString == null || subState != 0) {
                        throw new IOException("a part header has no name");
                    }
                    currentHeaderName = new String(currentString.toByteArray(), requestCharset);
                    currentString.reset();
                    subState = 0;
                    state = 2;
                    return;
                } else if (b == CR) {
                    if (currentString != null) {
                        throw new IOException("a part header line has no colon");
                    }
                    subState = 1;
                } else if (b == LF) {
                    if (currentString != null || subState != 1) {
                        throw new IOException("a bare LF in a part's headers");
                    }
                    state = 3;
                    subState = 0;
                    beginPart(headers);
                    String encoding = headers.getFirst("content-transfer-encoding");
                    decoder = encoding == null ? null
                            : encoding.equalsIgnoreCase("base64") ? new Base64Decoder()
                            : encoding.equalsIgnoreCase("quoted-printable") ? new QuotedPrintableDecoder() : null;
                    headers = null;
                    return;
                } else {
                    if (subState != 0) {
                        throw new IOException("a part header line is broken");
                    } else if (currentString == null) {
                        currentString = new ByteArrayOutputStream();
                    }
                    currentString.write(b);
                }
            }
        }

        private void headerValue() throws IOException {
            while (pos < lim) {
                final byte b = buf[pos++];
                if (subState == 2) {
                    if (b == CR) { // end of the headers
                        putHeader();
                        state = 1;
                        subState = 1;
                        currentString = null;
                        return;
                    } else if (b == SP || b == HTAB) { // a folded header line
                        currentString.write(b);
                        subState = 0;
                    } else { // the next header's name
                        putHeader();
                        state = 1;
                        subState = 0;
                        currentString = new ByteArrayOutputStream();
                        currentString.write(b);
                        return;
                    }
                } else if (b == CR) {
                    subState = 1;
                } else if (b == LF) {
                    if (subState != 1) {
                        throw new IOException("a bare LF in a part header");
                    }
                    subState = 2;
                } else {
                    if (subState != 0) {
                        throw new IOException("a CR without LF in a part header");
                    }
                    currentString.write(b);
                }
            }
        }

        private void putHeader() throws UnsupportedEncodingException {
            headers.put(currentHeaderName.trim(),
                    Collections.singletonList(new String(currentString.toByteArray(), requestCharset).trim()));
        }

        /**
         * A part's data up to the next CRLF--boundary, then what follows the boundary: CRLF starts the next
         * part, "--" ends the body, anything else is skipped (transport padding).
         */
        private void entity() throws IOException {
            if (subState == 0) {
                int at = indexOfToken();
                if (at < 0) {
                    // keep the last token.length - 1 bytes: they may be the start of the boundary
                    int upTo = lim - (token.length - 1);
                    if (upTo > pos) {
                        data(buf, pos, upTo - pos);
                        pos = upTo;
                    }
                    // fewer than token.length bytes left: run() reads more
                    return;
                }
                data(buf, pos, at - pos);
                endPart();
                pos = at + token.length;
                subState = -1;
            }
            while (pos < lim) {
                if (afterBoundary(buf[pos++], true)) {
                    return;
                }
            }
        }

        /** Boyer-Moore-Horspool over [pos, lim): where the token starts, or -1. */
        private int indexOfToken() {
            final byte[] t = token, b = buf;
            final int last = t.length - 1;
            int i = pos;
            final int end = lim - last;
            while (i < end) {
                byte x = b[i + last];
                if (x == t[last]) {
                    int k = last - 1;
                    while (k >= 0 && b[i + k] == t[k]) {
                        k--;
                    }
                    if (k < 0) {
                        return i;
                    }
                }
                i += skip[x & 0xFF];
            }
            return -1;
        }

        private void data(byte[] bytes, int off, int len) throws IOException {
            if (len <= 0) {
                return;
            }
            if (decoder != null) {
                decoder.decode(bytes, off, len, this);
            } else {
                partData(bytes, off, len);
            }
        }

        // --- MultiPartUploadHandler's rules ---

        private void beginPart(CaseInsensitiveMap<String> headers) {
            currentFileSize = 0;
            partHeaders = headers;
            String disposition = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
            if (disposition != null && disposition.startsWith("form-data")) {
                currentName = HeaderUtil.extractQuotedValueFromHeader(disposition, "name");
                fileName = HeaderUtil.extractQuotedValueFromHeaderWithEncoding(disposition, "filename");
                String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
                if (fileName != null || isFileContentType(contentType)) {
                    openFile();
                }
            }
        }

        private boolean isFileContentType(String contentType) {
            return contentType != null && settings.fileContentTypes() != null
                    && settings.fileContentTypes().contains(contentType);
        }

        private void openFile() {
            try {
                Files.createDirectories(settings.tempDir());
                file = Files.createTempFile(settings.tempDir(), "resteasy-reactive", "upload");
                form.created.add(file);
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new FileWriteException(e);
            }
        }

        void partData(byte[] bytes, int off, int len) {
            currentFileSize += len;
            currentEntitySize += len;
            if (settings.maxEntitySize() > 0 && currentEntitySize > settings.maxEntitySize()) {
                throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
            }
            if (file == null && fileName != null) {
                // a part without a form-data disposition after a file part (the framework keeps that name)
                openFile();
                write(contentBytes.toByteArray(), 0, contentBytes.size());
            }
            if (file == null) {
                contentBytes.write(bytes, off, len);
                if (settings.maxAttributeSize() > 0 && contentBytes.size() > settings.maxAttributeSize()) {
                    throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
                }
            } else {
                write(bytes, off, len);
            }
        }

        private void write(byte[] bytes, int off, int len) {
            try {
                ByteBuffer source = ByteBuffer.wrap(bytes, off, len);
                while (source.hasRemaining()) {
                    channel.write(source);
                }
            } catch (IOException e) {
                throw new FileWriteException(e);
            }
        }

        private void endPart() throws IOException {
            if (decoder != null) {
                decoder.finish(this);
            }
            int max = settings.maxParameters();
            if (file != null) {
                long size = channel.size();
                closeChannel();
                form.add(currentName, new Value(null, file, null, fileName, size), max);
                file = null;
                contentBytes.reset();
            } else if (fileName != null) {
                form.add(currentName, new Value(null, null, contentBytes.toByteArray(), fileName, contentBytes.size()), max);
                contentBytes.reset();
            } else {
                String contentType = partHeaders.getFirst(HttpHeaders.CONTENT_TYPE);
                if (isText(contentType)) {
                    String charset = settings.defaultCharset();
                    String cs = contentType != null ? HeaderUtil.extractQuotedValueFromHeader(contentType, "charset") : null;
                    if (cs != null) {
                        charset = cs;
                    }
                    form.add(currentName, new Value(contentBytes.toString(charset), null, null, null, 0), max);
                } else {
                    form.add(currentName, new Value(null, null, contentBytes.toByteArray(), null, contentBytes.size()), max);
                }
                contentBytes.reset();
            }
        }

        private static boolean isText(String contentType) {
            // RFC 7578 4.4: a part without Content-Type is text/plain
            return contentType == null || contentType.isEmpty() || MediaTypeHelper.isTextLike(MediaType.valueOf(contentType));
        }

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    channel = null;
                }
            }
        }
    }

    /** A part's Content-Transfer-Encoding (the framework decodes base64 and quoted-printable). */
    private interface Decoder {
        void decode(byte[] bytes, int off, int len, Parse sink);

        default void finish(Parse sink) {
        }
    }

    /** Base64 across buffer ends: whole quads are decoded as they come, line breaks and other bytes skipped. */
    private static final class Base64Decoder implements Decoder {
        private final byte[] pending = new byte[4];
        private int held;

        @Override
        public void decode(byte[] bytes, int off, int len, Parse sink) {
            byte[] quads = new byte[(len + held) / 4 * 4 + 4];
            int n = 0;
            for (int i = 0; i < held; i++) {
                quads[n++] = pending[i];
            }
            held = 0;
            for (int i = off; i < off + len; i++) {
                byte b = bytes[i];
                if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/'
                        || b == '=') {
                    quads[n++] = b;
                }
            }
            int whole = n / 4 * 4;
            for (int i = whole; i < n; i++) {
                pending[held++] = quads[i];
            }
            if (whole > 0) {
                byte[] out = Base64.getMimeDecoder().decode(java.util.Arrays.copyOf(quads, whole));
                sink.partData(out, 0, out.length);
            }
        }

        @Override
        public void finish(Parse sink) {
            if (held > 0) {
                byte[] out = Base64.getMimeDecoder().decode(java.util.Arrays.copyOf(pending, held));
                held = 0;
                sink.partData(out, 0, out.length);
            }
        }
    }

    /** Quoted-printable as the framework decodes it: =XX is a byte, = before a line break is a soft break. */
    private static final class QuotedPrintableDecoder implements Decoder {
        private boolean equalsSeen;
        private byte firstCharacter;

        @Override
        public void decode(byte[] bytes, int off, int len, Parse sink) {
            byte[] out = new byte[len];
            int n = 0;
            for (int i = off; i < off + len; i++) {
                byte b = bytes[i];
                if (equalsSeen) {
                    if (firstCharacter == 0) {
                        if (b == '\n' || b == '\r') {
                            equalsSeen = false;
                        } else {
                            firstCharacter = b;
                        }
                    } else {
                        int result = Character.digit((char) firstCharacter, 16) << 4;
                        result += Character.digit((char) b, 16);
                        out[n++] = (byte) result;
                        equalsSeen = false;
                        firstCharacter = 0;
                    }
                } else if (b == '=') {
                    equalsSeen = true;
                } else {
                    out[n++] = b;
                }
            }
            sink.partData(out, 0, n);
        }
    }
}
