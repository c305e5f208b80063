package io.redismesh.gateway.lock;

/** The two kinds of lease set: a lock is one permit; a semaphore has as many as its callers ask for. */
enum LeaseKind {
    LOCK("lock"),
    SEMAPHORE("semaphore");

    /** The kind's part of its Redis keys. */
    final String key;

    LeaseKind(String key) {
        this.key = key;
    }
}
