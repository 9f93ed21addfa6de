package com.greenvue.images.security;

import com.greenvue.images.api.ApiException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Optional end-user authentication of uploads: the upload resource selects this mechanism with
 * {@code @HttpAuthenticationMechanism(UploadAuthentication.SCHEME)} and needs {@code @RolesAllowed(UPLOADER)}.
 * With SUPABASE_JWT_SECRET set, that takes a valid, unexpired HS256 Supabase user token (verified by
 * {@link UserTokenIdentityProvider}) before a byte of the body is read; unset, uploads are open. Never logs or
 * echoes a token or the secret.
 */
@ApplicationScoped
public class UploadAuthentication implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(UploadAuthentication.class);
    /** The scheme the upload resource names to select this mechanism (clients send 'Bearer'). */
    public static final String SCHEME = "user-token";
    /** The role uploads need: a verified user, or anyone while upload authentication is off. */
    public static final String UPLOADER = "uploader";
    /** HS256 needs a key at least as long as its hash; Supabase's secrets are longer. */
    static final int MIN_SECRET_BYTES = 32;
    private static final String CHALLENGE = "Bearer realm=\"greenvue\"";
    static final String INVALID_CHALLENGE = "Bearer realm=\"greenvue\", error=\"invalid_token\"";

    @Inject
    AuthConfig config;

    void checkSecret(@Observes StartupEvent ev) {
        if (secret() == null) {
            LOG.info("Upload authentication: off (SUPABASE_JWT_SECRET is not set, uploads are open)");
            return;
        }
        if (secret().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("SUPABASE_JWT_SECRET is too short for HS256 (at least " + MIN_SECRET_BYTES
                    + " bytes): copy the JWT secret from Supabase, Project Settings > API");
        }
        LOG.infof("Upload authentication: on (HS256 user tokens with aud '%s')", config.audience());
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        ctx.put(HttpAuthenticationMechanism.class.getName(), this);
        if (secret() == null) {
            // authentication is off: the header is not looked at, every caller may upload
            return identities.authenticate(new UserTokenIdentityProvider.Request(null));
        }
        String token = Bearer.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            AuthRefusals.record(ctx, new ApiException(401, "missing_token", "Uploads need a signed-in user: send "
                    + "'Authorization: Bearer <Supabase access token>'.").withHeader("WWW-Authenticate", CHALLENGE));
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new UserTokenIdentityProvider.Request(token))
                .onFailure().invoke(e -> AuthRefusals.record(ctx, new ApiException(401, "invalid_token",
                        e instanceof AuthenticationFailedException f && f.getAttribute(UserTokenIdentityProvider.CLIENT_MESSAGE)
                                instanceof String message ? message : UserTokenIdentityProvider.INVALID)
                        .withHeader("WWW-Authenticate", INVALID_CHALLENGE)));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        ApiException refusal = AuthRefusals.recorded(ctx);
        String challenge = refusal == null ? CHALLENGE : refusal.headers().getOrDefault("WWW-Authenticate", CHALLENGE);
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", challenge));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UserTokenIdentityProvider.Request.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer", SCHEME));
    }

    private String secret() {
        return config.jwtSecret().filter(s -> !s.isBlank()).orElse(null);
    }
}
