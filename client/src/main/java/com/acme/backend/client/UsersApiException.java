package com.acme.backend.client;

/**
 * A failure the users API answered with a problem. The subclasses name the ones a caller usually handles; any
 * other status arrives as this class.
 */
public class UsersApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemDetails problem;

    public UsersApiException(ProblemDetails problem) {
        super(problem.status() + " " + problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public ProblemDetails problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** 400: the request is not valid; {@code problem().errors()} lists the fields. */
    public static class InvalidRequest extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public InvalidRequest(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 401: no valid bearer token. */
    public static class AuthenticationRequired extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public AuthenticationRequired(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 403: the token lacks the role the operation needs. */
    public static class AccessDenied extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public AccessDenied(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 404: no such user. */
    public static class NotFound extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public NotFound(ProblemDetails problem) {
            super(problem);
        }
    }

    /**
     * 409: another user has this email; or, with an idempotency key, a concurrent request with the same key was in
     * progress (retry it), or the user the key's request created has since been deleted.
     */
    public static class Conflict extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public Conflict(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 412: the user changed since the ETag sent in If-Match was read; nothing was changed. */
    public static class PreconditionFailed extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public PreconditionFailed(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 413: the body is over the API's limit. */
    public static class PayloadTooLarge extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public PayloadTooLarge(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 422: the idempotency key was used for a different request; nothing was created. */
    public static class IdempotencyKeyReused extends UsersApiException {
        private static final long serialVersionUID = 1L;

        public IdempotencyKeyReused(ProblemDetails problem) {
            super(problem);
        }
    }

    /** 503: the service cannot serve now; retry after {@link #retryAfterSeconds()}. */
    public static class Unavailable extends UsersApiException {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        public Unavailable(ProblemDetails problem, long retryAfterSeconds) {
            super(problem);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
