package com.greenvue.images.security;

/** The token of an {@code Authorization: Bearer <token>} header. */
final class Bearer {

    private Bearer() {
    }

    /** The token, trimmed; "" when the header is not a bearer one (Basic, empty, "Bearer " alone). */
    static String token(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
    }
}
