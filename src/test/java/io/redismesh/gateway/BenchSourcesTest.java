package io.redismesh.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks under bench/ run as single-file programs ({@code java bench/X.java}), which nothing
 * else compiles: a change that breaks one fails the build here, not at the next measurement.
 */
class BenchSourcesTest {

    @Test
    void everyBenchSourceCompilesOnItsOwn() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("bench"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no bench sources found under bench/");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            for (Path source : sources) {
                // each file alone, as the java launcher compiles it: two may declare the same class name
                Path out = Path.of("target", "bench-classes", source.getFileName().toString().replace(".java", ""));
                Files.createDirectories(out);
                StringWriter diagnostics = new StringWriter();
                boolean compiled = javac.getTask(diagnostics, files, null, List.of("--release", "17", "-proc:none", "-d", out.toString()),
                        null, files.getJavaFileObjects(source)).call();
                assertTrue(compiled, source + " does not compile:\n" + diagnostics);
            }
        }
    }
}
