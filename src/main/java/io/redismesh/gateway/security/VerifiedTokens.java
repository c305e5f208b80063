package io.redismesh.gateway.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/**
 * Bearer tokens that quarkus-oidc verified, kept so that the next request with the same token skips
 * JSON parsing and RSA (measured: 2.5x the throughput of an authenticated GET). Runs before OIDC's
 * own provider and asks OIDC on a miss. Keyed by the whole token, so the same claims with another
 * signature are another entry; an entry serves only between the token's {@code nbf} and {@code exp},
 * and at most {@code gateway.token-cache.max-age}; a refused token is never stored.
 *
 * <p>Key rotation: quarkus-oidc changes its key set only when it meets a key id it cannot resolve.
 * So whenever a token whose key id this cache has not seen goes to OIDC, whatever the verdict, every
 * entry is dropped and each cached token is verified once more against the keys OIDC then holds: a
 * token signed by a rotated-out key is refused from then on. Refused tokens clear the cache at most
 * once a second, so that forged key ids cannot switch it off.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private static final long REFUSED_CLEAR_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_KEY_IDS = 64;

    private record Entry(SecurityIdentity identity, long notBeforeMillis, long expiresAtMillis) {
    }

    private final TenantIdentityProvider oidc;
    private final boolean enabled;
    private final long maxAgeMillis;
    private final Cache<String, Entry> cache;
    private final Set<String> seenKeyIds = ConcurrentHashMap.newKeySet();
    private volatile long lastRefusedClear = System.nanoTime() - REFUSED_CLEAR_INTERVAL_NANOS;

    public VerifiedTokens(TenantIdentityProvider oidc, TokenCacheConfig config, MeterRegistry registry) {
        this.oidc = oidc;
        this.enabled = config.enabled();
        this.maxAgeMillis = config.maxAge().toMillis();
        this.cache = Caffeine.newBuilder().maximumSize(config.maxEntries()).expireAfter(new UntilExpiry()).build();
        Gauge.builder("gateway.token.cache.size", cache, Cache::estimatedSize)
                .description("verified bearer tokens held by the token cache").register(registry);
    }

    /** Above every provider's default (SYSTEM_FIRST + 1, OIDC's too): asked first. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!enabled) {
            return Uni.createFrom().nullItem(); // OIDC's own provider verifies
        }
        String token = request.getToken().getToken();
        SecurityIdentity cached = cached(token);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        String keyId = keyIdOf(token);
        boolean newKeyId = !seenKeyIds.contains(keyId);
        AccessTokenCredential credential = request.getToken() instanceof AccessTokenCredential access
                ? access
                : new AccessTokenCredential(token);
        return oidc.authenticate(credential)
                .invoke(identity -> {
                    if (newKeyId) {
                        rememberKeyId(keyId);
                        cache.invalidateAll();
                    }
                    keep(token, identity);
                })
                .onFailure().invoke(() -> {
                    if (newKeyId) {
                        clearAfterRefusal();
                    }
                });
    }

    /** The identity of a token verified before and valid now, or null. */
    SecurityIdentity cached(String token) {
        if (!enabled) {
            return null;
        }
        Entry entry = cache.getIfPresent(token);
        long now = System.currentTimeMillis();
        return entry != null && now >= entry.notBeforeMillis() && now < entry.expiresAtMillis() ? entry.identity() : null;
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private void keep(String token, SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            Long notBefore = jwt.getClaim("nbf") instanceof Number nbf ? nbf.longValue() : null;
            cache.put(token, new Entry(identity, notBefore == null ? 0 : notBefore * 1000, jwt.getExpirationTime() * 1000));
        }
    }

    private void rememberKeyId(String keyId) {
        if (seenKeyIds.size() >= MAX_KEY_IDS) {
            seenKeyIds.clear();
        }
        seenKeyIds.add(keyId);
    }

    private void clearAfterRefusal() {
        long now = System.nanoTime();
        if (now - lastRefusedClear >= REFUSED_CLEAR_INTERVAL_NANOS) {
            lastRefusedClear = now;
            cache.invalidateAll();
        }
    }

    /** The JOSE header's kid, "" when absent or unreadable (OIDC then refuses or resolves it its way). */
    static String keyIdOf(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return "";
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            int at = header.indexOf("\"kid\"");
            if (at < 0) {
                return "";
            }
            int open = header.indexOf('"', header.indexOf(':', at) + 1);
            int close = header.indexOf('"', open + 1);
            return open < 0 || close < 0 ? "" : header.substring(open + 1, close);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** An entry lives until its token's exp, and no longer than max-age. */
    private final class UntilExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String token, Entry entry, long currentTime) {
            long millis = Math.min(entry.expiresAtMillis() - System.currentTimeMillis(), maxAgeMillis);
            return Duration.ofMillis(Math.max(millis, 0)).toNanos();
        }

        @Override
        public long expireAfterUpdate(String token, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(token, entry, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
