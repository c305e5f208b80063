package io.redismesh.gateway.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** What a logger category (and its children) writes while the capture is open. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing {@code category} ("" for every log). */
    public static LogCapture of(String category) {
        LogCapture capture = new LogCapture(Logger.getLogger(category));
        capture.logger.addHandler(capture);
        return capture;
    }

    public List<LogRecord> records() {
        return records;
    }

    /** Each record's formatted message, followed by its exception's stack trace when it has one. */
    public List<String> messages() {
        return records.stream().map(record -> {
            StringWriter text = new StringWriter().append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            return text.toString();
        }).toList();
    }

    public void clear() {
        records.clear();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
