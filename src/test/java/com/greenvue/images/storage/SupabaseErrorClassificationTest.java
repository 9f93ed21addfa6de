package com.greenvue.images.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The storage server's answers as it writes them, read body first and HTTP status second. */
class SupabaseErrorClassificationTest {

    @ParameterizedTest(name = "HTTP {0} {1} -> permanent={2}")
    @CsvSource(delimiter = '|', value = {
            "400|{\"statusCode\":\"404\",\"error\":\"Bucket not found\",\"message\":\"Bucket not found\",\"code\":\"NoSuchBucket\"}|true|does not exist",
            "400|{\"statusCode\":\"403\",\"error\":\"Unauthorized\",\"message\":\"new row violates row-level security policy\",\"code\":\"AccessDenied\"}|true|SUPABASE_SERVICE_KEY",
            "400|{\"statusCode\":\"400\",\"error\":\"Unauthorized\",\"message\":\"invalid signature\",\"code\":\"InvalidJWT\"}|true|SUPABASE_SERVICE_KEY",
            "401|{\"message\":\"Invalid API key\"}|true|SUPABASE_SERVICE_KEY",
            "400|{\"statusCode\":\"413\",\"error\":\"Payload too large\",\"message\":\"The object exceeded the maximum allowed size\",\"code\":\"EntityTooLarge\"}|true|file size limit",
            "400|{\"statusCode\":\"415\",\"error\":\"invalid_mime_type\",\"message\":\"mime type image/webp is not supported\",\"code\":\"InvalidMimeType\"}|true|image/webp",
            "400|{\"statusCode\":\"400\",\"error\":\"Invalid Input\",\"message\":\"Invalid key: x\",\"code\":\"InvalidKey\"}|true|rejected",
            "404|{\"message\":\"Route POST:/object/x not found\",\"error\":\"Not Found\",\"statusCode\":404}|true|api-url",
            "400|{\"statusCode\":\"503\",\"code\":\"DatabaseConnectionLimit\",\"error\":\"DatabaseConnectionLimit\",\"message\":\"try later\"}|false|statusCode 503",
            "400|{\"statusCode\":\"400\",\"code\":\"DatabaseTimeout\",\"message\":\"timed out\"}|false|DatabaseTimeout",
            "400|{\"statusCode\":\"408\",\"error\":\"Request Timeout\",\"message\":\"slow\"}|false|statusCode 408",
            "500|{\"statusCode\":\"500\",\"code\":\"InternalError\",\"error\":\"internal\",\"message\":\"Internal Server Error\"}|false|HTTP 500",
            "429|{\"message\":\"API rate limit exceeded\"}|false|HTTP 429",
            "544|{\"statusCode\":\"544\",\"code\":\"DatabaseTimeout\",\"message\":\"The connection to the database timed out\"}|false|HTTP 544",
            "502|<html><body>Bad Gateway</body></html>|false|HTTP 502",
            "503||false|HTTP 503"})
    void answerLandsInTheRightClass(int http, String body, boolean permanent, String named) {
        StorageException e = SupabaseError.parse(http, body).toException("upload of 'b/x.webp'", "listing-images");
        assertEquals(permanent, e.isPermanent(), e.getMessage());
        assertThat(e.getMessage(), containsString(named));
    }

    @Test
    void statusCodeInTheBodyWinsOverTheHttpStatus() {
        SupabaseError e = SupabaseError.parse(400, "{\"statusCode\":\"404\",\"code\":\"NoSuchBucket\"}");
        assertEquals(400, e.httpStatus());
        assertEquals(404, e.status());
        assertTrue(e.bucketMissing());
    }

    @Test
    void keyOrBucketAlreadyThereCountsAsAlreadyExisting() {
        assertTrue(SupabaseError.parse(400, "{\"statusCode\":\"409\",\"error\":\"Duplicate\",\"code\":\"KeyAlreadyExists\"}")
                .alreadyExists());
        assertTrue(SupabaseError.parse(400, "{\"statusCode\":\"409\",\"error\":\"Duplicate\",\"code\":\"BucketAlreadyExists\"}")
                .alreadyExists());
        assertFalse(SupabaseError.parse(400, "{\"statusCode\":\"409\",\"code\":\"ResourceNotEmpty\"}").alreadyExists());
        assertFalse(SupabaseError.parse(400, "{\"statusCode\":\"404\",\"code\":\"NoSuchBucket\"}").alreadyExists());
    }
}
