package com.greenvue.images.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Who sends an upload: SmallRye JWT verifies the Supabase user token (HS256 with SUPABASE_JWT_SECRET only,
 * so alg "none" never passes; exp with clock skew, aud, optional iss, from the mp.jwt.verify.* keys) and the
 * token must name its user ('sub'). With upload authentication off, every caller is an uploader.
 */
@ApplicationScoped
public class UserTokenIdentityProvider implements IdentityProvider<UserTokenIdentityProvider.Request> {

    private static final Logger LOG = Logger.getLogger(UserTokenIdentityProvider.class);
    static final String INVALID = "The access token is invalid or expired; sign in again and send the new access token.";

    /** The bearer token sent with an upload; null when upload authentication is off. */
    public static final class Request extends BaseAuthenticationRequest {
        private final String token;

        Request(String token) {
            this.token = token;
        }
    }

    /** The attribute of a refusal that holds what the client is told (never the token, never the reason's details). */
    static final String CLIENT_MESSAGE = UserTokenIdentityProvider.class.getName() + ".client-message";

    @Inject
    AuthConfig config;
    @Inject
    JWTParser parser;

    @Override
    public Class<Request> getRequestType() {
        return Request.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(Request request, AuthenticationRequestContext context) {
        if (request.token == null) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("any caller (upload authentication is off)"))
                    .addRole(UploadAuthentication.UPLOADER).build());
        }
        JsonWebToken token;
        try {
            token = parser.verify(request.token, config.jwtSecret().orElseThrow());
        } catch (ParseException | RuntimeException e) {
            // the reason stays at debug level and never includes the token
            LOG.debugf("upload token refused: %s", e.getClass().getSimpleName());
            return refused(INVALID);
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) {
            return refused("The access token has no subject ('sub'); sign in again.");
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(token)
                .addRole(UploadAuthentication.UPLOADER).build());
    }

    private static Uni<SecurityIdentity> refused(String clientMessage) {
        return Uni.createFrom().failure(new AuthenticationFailedException(Map.of(CLIENT_MESSAGE, clientMessage)));
    }
}
