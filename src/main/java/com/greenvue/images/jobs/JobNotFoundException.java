package com.greenvue.images.jobs;

import com.greenvue.images.api.ApiException;

/**
 * No job with this id. Operations declare it ({@code throws}), and the OpenAPI document takes
 * their 404 from the @APIResponse of its mapper in {@link JobsResource}.
 */
public class JobNotFoundException extends ApiException {

    static final String CODE = "job_not_found";

    JobNotFoundException(String id) {
        super(404, CODE, "No job with id '" + id + "'. GET /api/jobs lists them.");
    }
}
