package io.redismesh.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A script marked read-only (a timeout answers 503 "not done", never 504) calls no command that writes. */
class LuaScriptTest {

    private static final Path LUA = Path.of("src/main/resources/lua");
    private static final Pattern CALL = Pattern.compile("redis\\.p?call\\(\\s*'([A-Za-z]+)'");
    private static final Set<String> READS = Set.of("TYPE", "GET", "STRLEN", "PTTL", "TTL", "HGET", "HSTRLEN", "HLEN", "HSCAN",
            "HGETALL", "LLEN", "LRANGE", "LINDEX", "SSCAN", "SCARD", "ZRANGE", "ZRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYSCORE",
            "ZCARD", "ZCOUNT", "ZSCORE", "ZRANK", "ZREVRANK", "GETRANGE", "EXISTS", "TIME", "SCAN", "HKEYS");

    @Test
    void readOnlyScriptsCallOnlyReads() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(LUA)) {
            scripts = files.filter(f -> f.toString().endsWith(".lua")).toList();
        }
        int readOnly = 0;
        for (Path script : scripts) {
            String name = LUA.relativize(script).toString().replaceAll("\\.lua$", "");
            LuaScript loaded = LuaScript.load(name);
            Matcher calls = CALL.matcher(loaded.source());
            boolean writes = false;
            while (calls.find()) {
                writes |= !READS.contains(calls.group(1).toUpperCase(Locale.ROOT));
            }
            if (loaded.readOnly()) {
                readOnly++;
                assertFalse(writes, name + " is marked read-only but calls a command that is not a read");
            }
        }
        assertTrue(readOnly >= 6, "read-only scripts: " + readOnly);
        assertFalse(LuaScript.load("lock/acquire").readOnly());
    }
}
