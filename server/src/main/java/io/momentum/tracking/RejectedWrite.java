package io.momentum.tracking;

/** The store answered and refused a document (as opposed to not answering): the document, not the store, is the problem. */
final class RejectedWrite extends RuntimeException {
    RejectedWrite(String message, Throwable cause) {
        super(message, cause);
    }
}
