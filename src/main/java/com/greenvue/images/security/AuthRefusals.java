package com.greenvue.images.security;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.ErrorWriter;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * How a refused request is answered: the mechanism the matched resource selected records, while it
 * authenticates, what a refusal of this request means (missing or wrong token, no token configured);
 * when the resource's {@code @RolesAllowed} then refuses it, these mappers answer with that record in
 * API.md's envelope. Replaces the framework's own mappers, which answer with an empty body.
 */
public class AuthRefusals {

    private static final String KEY = AuthRefusals.class.getName();

    /** Remembers, for this request, how to answer if it is refused. */
    static void record(RoutingContext ctx, ApiException refusal) {
        ctx.put(KEY, refusal);
    }

    static ApiException recorded(RoutingContext ctx) {
        return ctx == null ? null : ctx.get(KEY);
    }

    /** Credentials were sent and are wrong (a bad admin token, an invalid or expired user token). */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, RoutingContext ctx) {
        return answer(ctx, 401);
    }

    /** No credentials, and the resource needs some. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, RoutingContext ctx) {
        return answer(ctx, 401);
    }

    /** The caller is known and may not do this (production without an admin token, a changing call). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, RoutingContext ctx) {
        return answer(ctx, 403);
    }

    private static Response answer(RoutingContext ctx, int status) {
        ApiException refusal = recorded(ctx);
        if (refusal == null) {
            refusal = status == 403 ? new ApiException(403, "forbidden", "This call is not allowed.")
                    : new ApiException(401, "unauthorized", "Authentication is required for this endpoint.");
        }
        return ErrorWriter.response(refusal);
    }
}
