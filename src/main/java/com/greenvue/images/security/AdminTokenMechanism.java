package com.greenvue.images.security;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.jobs.JobsConfig;
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
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Reads the admin bearer token of the operators' calls (/api/jobs, image listing and requeue), which
 * select it with {@code @HttpAuthenticationMechanism(AdminTokenMechanism.SCHEME)} and say what they need
 * with {@code @RolesAllowed(READ or WRITE)}; {@link AdminTokenIdentityProvider} decides who the caller is.
 * Never logs or echoes a token.
 */
@ApplicationScoped
public class AdminTokenMechanism implements HttpAuthenticationMechanism {

    /** The scheme resources name to select this mechanism (never sent by clients: they send 'Bearer'). */
    public static final String SCHEME = "admin-token";
    /** Reading jobs and listing images: the admin token, or anyone when no token is configured. */
    public static final String READ = "admin-read";
    /** Changing jobs and requeueing images: the admin token; without one, only where open-without-token (dev, test). */
    public static final String WRITE = "admin-write";

    /** OpenAPI wording of the 401 this mechanism answers, shared by every guarded operation. */
    public static final String DOC_401 = "An admin token is configured and the call sent none or a wrong one";
    /** OpenAPI wording of the 403 answered on changing calls. */
    public static final String DOC_403 = "No admin token is configured and changing jobs or images is not open "
            + "(production): set GREENVUE_ADMIN_TOKEN";

    @Inject
    JobsConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        ctx.put(HttpAuthenticationMechanism.class.getName(), this);
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (!AdminTokenIdentityProvider.tokenConfigured(config)) {
            AuthRefusals.record(ctx, new ApiException(403, "admin_token_not_configured", "Changing jobs or images is "
                    + "disabled in production until an admin token is configured: set the GREENVUE_ADMIN_TOKEN "
                    + "environment variable and send 'Authorization: Bearer <token>'."));
            // whatever the header says: the configuration alone decides what callers may do
            return identities.authenticate(new AdminTokenIdentityProvider.Request(""));
        }
        if (header == null) {
            AuthRefusals.record(ctx, new ApiException(401, "unauthorized",
                    "This call needs 'Authorization: Bearer <admin token>'."));
            return Uni.createFrom().nullItem();
        }
        AuthRefusals.record(ctx, new ApiException(401, "unauthorized", "The admin token is wrong."));
        return identities.authenticate(new AdminTokenIdentityProvider.Request(Bearer.token(header)));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        ApiException refusal = AuthRefusals.recorded(ctx);
        return Uni.createFrom().item(new ChallengeData(refusal == null ? 401 : refusal.status()));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AdminTokenIdentityProvider.Request.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer", SCHEME));
    }
}
