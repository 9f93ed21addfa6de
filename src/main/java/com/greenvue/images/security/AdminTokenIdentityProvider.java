package com.greenvue.images.security;

import com.greenvue.images.jobs.JobsConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who presents the admin token: with a token configured, the caller that sends it (compared in constant
 * time) is the operator and any other token fails; with none configured, every caller may read, and
 * change only where the configuration opens it (dev, test): production fails closed.
 */
@ApplicationScoped
public class AdminTokenIdentityProvider implements IdentityProvider<AdminTokenIdentityProvider.Request> {

    /** The bearer token a caller sent to an operators' call ("" for none). */
    public static final class Request extends BaseAuthenticationRequest {
        private final String token;

        Request(String token) {
            this.token = token;
        }
    }

    @Inject
    JobsConfig config;

    @Override
    public Class<Request> getRequestType() {
        return Request.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(Request request, AuthenticationRequestContext context) {
        if (!tokenConfigured(config)) {
            QuarkusSecurityIdentity.Builder anyone = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("any caller (no admin token configured)"))
                    .addRole(AdminTokenMechanism.READ);
            if (config.openWithoutToken()) {
                anyone.addRole(AdminTokenMechanism.WRITE);
            }
            return Uni.createFrom().item(anyone.build());
        }
        if (!matches(config, request.token)) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("admin"))
                .addRole(AdminTokenMechanism.READ).addRole(AdminTokenMechanism.WRITE).build());
    }

    static boolean tokenConfigured(JobsConfig config) {
        return config.adminToken().isPresent() && !config.adminToken().get().isBlank();
    }

    /**
     * Whether a request with this Authorization header may see what only operators see (the full image
     * record) on a call that is open to everyone: it presents the configured admin token, or no token is
     * configured and the admin API is open without one (dev and test). In production without a token: nobody.
     */
    public static boolean grantsAdminView(JobsConfig config, String authorization) {
        if (!tokenConfigured(config)) {
            return config.openWithoutToken();
        }
        return authorization != null && matches(config, Bearer.token(authorization));
    }

    /** The given token is the configured one, compared in constant time. */
    private static boolean matches(JobsConfig config, String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                config.adminToken().get().getBytes(StandardCharsets.UTF_8));
    }
}
