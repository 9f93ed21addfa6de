package com.greenvue.images.jobs;

import com.greenvue.images.api.ApiException;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the operators' calls (/api/jobs, and listing/requeue under /api/images) with the admin
 * bearer token when one is configured. In prod with no token, changing calls are refused (fail
 * closed); dev and test need none. Compares tokens in constant time and never logs them.
 */
public class AdminGuard {

    /** Looked up per request: filters are created before runtime config mappings exist. */
    /** OpenAPI wording of the 401 this guard answers, shared by every guarded operation. */
    public static final String DOC_401 = "An admin token is configured and the call sent none or a wrong one";
    /** OpenAPI wording of the 403 this guard answers on changing calls. */
    public static final String DOC_403 = "No admin token is configured and changing jobs or images is not open "
            + "(production): set GREENVUE_ADMIN_TOKEN";

    @Inject
    Provider<JobsConfig> configs;

    @ServerRequestFilter
    public void check(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!isAdminPath(path, ctx.getMethod())) {
            return;
        }
        JobsConfig config = configs.get();
        boolean mutating = !HttpMethod.GET.name().equals(ctx.getMethod()) && !HttpMethod.HEAD.name().equals(ctx.getMethod());
        if (config.adminToken().isEmpty() || config.adminToken().get().isBlank()) {
            if (mutating && !config.openWithoutToken()) {
                throw new ApiException(403, "admin_token_not_configured", "Changing jobs or images is disabled in production "
                        + "until an admin token is configured: set the GREENVUE_ADMIN_TOKEN environment variable and "
                        + "send 'Authorization: Bearer <token>'.");
            }
            return;
        }
        String header = ctx.getHeaderString("Authorization");
        if (!presentsToken(config, header)) {
            throw new ApiException(401, "unauthorized", header == null
                    ? "This call needs 'Authorization: Bearer <admin token>'."
                    : "The admin token is wrong.");
        }
    }

    /**
     * Whether a request with this Authorization header may see what only operators see (the full
     * image record): it presents the configured admin token, or no token is configured and the
     * admin API is open without one (dev and test). In production without a token: nobody.
     */
    public static boolean grantsAdminView(JobsConfig config, String authorization) {
        if (config.adminToken().isEmpty() || config.adminToken().get().isBlank()) {
            return config.openWithoutToken();
        }
        return presentsToken(config, authorization);
    }

    /** The header is 'Bearer <the configured token>', compared in constant time. */
    private static boolean presentsToken(JobsConfig config, String header) {
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                config.adminToken().get().getBytes(StandardCharsets.UTF_8));
    }

    static boolean isAdminPath(String path, String method) {
        if (path.equals("/api/jobs") || path.startsWith("/api/jobs/")) {
            return true;
        }
        // listing and requeue of images are operator calls; reading one image by id stays public
        return path.equals("/api/images") || (path.startsWith("/api/images") && path.endsWith("/retry"))
                || path.equals("/api/images/retry");
    }
}
