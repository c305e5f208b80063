package io.redismesh.gateway.stream;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON bodies of the stream calls. */
final class StreamDtos {

    private StreamDtos() {
    }

    @RegisterForReflection
    @Schema(name = "Appended")
    record Appended(@Schema(description = "the entry's id", examples = "1764688942123-0") String id) {
    }

    @RegisterForReflection
    @Schema(name = "StreamEntry")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(@Schema(description = "the entry's id") String id,
            @Schema(description = "the appended text") String data,
            @Schema(description = "dead letters only: the entry's id in the stream it was moved from") String originalId,
            @Schema(description = "dead letters only: how often it had been delivered") Long deliveries) {

        static Item of(StreamEntry entry) {
            return new Item(entry.id().toString(), entry.data(), entry.originalId(), entry.deliveries());
        }
    }

    @RegisterForReflection
    @Schema(name = "StreamPage")
    record Page(List<Item> items,
            @Schema(description = "pass as `after` for the next page; null when this page reached the end of the stream") String next) {
    }

    @RegisterForReflection
    @Schema(name = "GroupRequest")
    record GroupRequest(@Schema(description = "where the group starts: `earliest` (every retained entry) or `latest` "
            + "(entries appended from now on, the default)", enumeration = { "earliest", "latest" }) String from) {
    }

    @RegisterForReflection
    @Schema(name = "ClaimRequest")
    record ClaimRequest(@Schema(description = "the worker's name within the group (required)", examples = "worker-1") String consumer,
            @Schema(description = "entries at most, 1..1000 (default 1)", examples = "10") Integer count,
            @Schema(description = "how long to wait for an entry when none is ready, up to the namespace's max-wait (default 0)",
                    examples = "20000") Long waitMillis,
            @Schema(description = "an entry claimed and not acknowledged within this many ms is delivered again to the next "
                    + "claim (default 30000)", examples = "30000") Long visibilityMillis) {
    }

    @RegisterForReflection
    @Schema(name = "ClaimedEntry")
    record Claimed(String id, String data,
            @Schema(description = "how often the entry has been delivered, this time included") long deliveries) {
    }

    @RegisterForReflection
    @Schema(name = "Claims")
    record Claims(List<Claimed> items) {
    }

    @RegisterForReflection
    @Schema(name = "AckRequest")
    record AckRequest(@Schema(description = "ids of claimed entries, 1..1000") List<String> ids) {
    }

    @RegisterForReflection
    @Schema(name = "Acked")
    record Acked(@Schema(description = "entries acknowledged now (ids not pending in the group are not counted)") long acked) {
    }
}
