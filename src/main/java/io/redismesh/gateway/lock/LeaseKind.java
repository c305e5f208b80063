package io.redismesh.gateway.lock;

/** The two kinds of lease set: a lock is one permit; a semaphore has as many as its callers ask for. */
enum LeaseKind {
    LOCK("lock", "locks"),
    SEMAPHORE("semaphore", "semaphores");

    /** The kind's part of its Redis keys. */
    final String key;
    /** The kind's collection in URL paths. */
    final String collection;

    LeaseKind(String key, String collection) {
        this.key = key;
        this.collection = collection;
    }
}
