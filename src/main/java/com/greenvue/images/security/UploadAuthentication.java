package com.greenvue.images.security;

import com.greenvue.images.api.Envelope;
import com.greenvue.images.api.RestPaths;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Optional end-user authentication of uploads: with SUPABASE_JWT_SECRET set, POST
 * /api/upload/* needs a valid, unexpired HS256 Supabase user token, checked by SmallRye JWT
 * before a byte of the body is read. Never logs or echoes a token or the secret.
 */
@ApplicationScoped
public class UploadAuthentication {

    private static final Logger LOG = Logger.getLogger(UploadAuthentication.class);
    /** HS256 needs a key at least as long as its hash; Supabase's secrets are longer. */
    static final int MIN_SECRET_BYTES = 32;
    /** Refused bodies up to this size are read and dropped rather than cut. */
    static final long DRAIN_LIMIT = 1024 * 1024;
    public static final String SUBJECT = "greenvue.user";
    private static final String INVALID = "Bearer realm=\"greenvue\", error=\"invalid_token\"";

    @Inject
    AuthConfig config;
    @Inject
    JWTParser parser;

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

    void routes(@Observes Router router) {
        // after HttpEdge's Content-Length check, before any body handler reads the upload. Every
        // request is looked at, because the REST layer matches paths more loosely than a Vert.x
        // route does (it drops ";matrix" parameters): /api/upload;x=1/listing_image is an upload too.
        router.route().order(Integer.MIN_VALUE + 20).handler(ctx -> {
            if (isUploadPath(ctx.normalizedPath())) {
                authenticate(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /**
     * Whether a request path can reach the upload resource: the path as the REST layer matches it,
     * without ";matrix" parameters and with repeated slashes collapsed.
     */
    static boolean isUploadPath(String normalizedPath) {
        return RestPaths.isAtOrBelow(normalizedPath, "/api/upload");
    }

    /**
     * The resource's own check, behind the route above: with authentication on, a request that
     * reached the upload resource without a verified user (whatever path trick got it there) is
     * answered 401 here. Null when the upload may go on.
     */
    public Response refusalIfUnauthenticated(RoutingContext ctx) {
        if (secret() == null || (ctx != null && ctx.get(SUBJECT) != null)) {
            return null;
        }
        LOG.warnf("Upload reached the resource without a verified user (path %s); refused",
                ctx == null ? "?" : ctx.request().path());
        return Response.status(401)
                .header("WWW-Authenticate", "Bearer realm=\"greenvue\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(Envelope.error("missing_token", "Uploads need a signed-in user: send "
                        + "'Authorization: Bearer <Supabase access token>'.", null))
                .build();
    }

    private void authenticate(RoutingContext ctx) {
        String secret = secret();
        if (secret == null || ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            refuse(ctx, "missing_token", "Bearer realm=\"greenvue\"", "Uploads need a signed-in user: send 'Authorization: Bearer <Supabase "
                    + "access token>'.");
            return;
        }
        try {
            JsonWebToken token = parser.verify(header.substring(7).trim(), secret);
            if (token.getSubject() == null || token.getSubject().isBlank()) {
                refuse(ctx, "invalid_token", INVALID, "The access token has no subject ('sub'); sign in again.");
                return;
            }
            ctx.put(SUBJECT, token.getSubject());
            ctx.next();
        } catch (ParseException | RuntimeException e) {
            // the reason stays at debug level and never includes the token
            LOG.debugf("upload token refused: %s", e.getClass().getSimpleName());
            refuse(ctx, "invalid_token", INVALID, "The access token is invalid or expired; sign in again and send the "
                    + "new access token.");
        }
    }

    private String secret() {
        return config.jwtSecret().filter(s -> !s.isBlank()).orElse(null);
    }

    private static void refuse(RoutingContext ctx, String code, String challenge, String message) {
        if (ctx.response().ended()) {
            return;
        }
        String body = "{\"status\":\"error\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
        ctx.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", challenge);
        if (ctx.request().isEnded()) {
            ctx.response().end(body);
        } else if (declaredLength(ctx) <= DRAIN_LIMIT) {
            // a small body (sized or chunked) is read and dropped before answering, so an ordinary client
            // reads the 401 on a healthy connection instead of a broken pipe; past the limit, answer and close
            long[] drained = {0};
            ctx.request().handler(chunk -> {
                drained[0] += chunk.length();
                if (drained[0] > DRAIN_LIMIT && !ctx.response().ended()) {
                    answerAndClose(ctx, body);
                }
            });
            ctx.request().endHandler(ignored -> {
                if (!ctx.response().ended()) {
                    ctx.response().end(body);
                }
            });
            ctx.request().resume();
        } else {
            answerAndClose(ctx, body);
        }
    }

    /** A large body is not worth reading: answer and close the connection. */
    private static void answerAndClose(RoutingContext ctx, String body) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close").end(body);
        ctx.response().close();
    }

    private static long declaredLength(RoutingContext ctx) {
        try {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            // no Content-Length (chunked): judged while draining
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
