package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.io.InputStream;

/** Opens an attachment of one system as a stream, for the writer of the other system to copy it without holding it. */
public interface AttachmentSource {

    /** An open attachment: read it once, then close it. {@code length} is -1 when unknown. */
    record Opened(InputStream content, long length, String contentType) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            content.close();
        }
    }

    Opened open(SourceSystem system, String attachmentId);
}
