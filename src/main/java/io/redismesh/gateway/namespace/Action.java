package io.redismesh.gateway.namespace;

/** What a call does to a namespace; each namespace grants every action to its own list of roles. */
public enum Action {
    READ, WRITE, LOCK, PUBLISH, SUBSCRIBE
}
