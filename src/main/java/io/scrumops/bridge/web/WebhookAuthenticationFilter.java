package io.scrumops.bridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Authenticates webhook deliveries by what their senders can present: an HMAC signature of the body (Jira, GitHub,
 * ServiceNow and generic senders) or a shared token (GitLab). A delivery that presents a wrong signature is refused
 * at once; one that presents none may still authenticate with HTTP Basic. With no secret configured for a source,
 * HTTP Basic is the only way in. Every source sends JSON: a delivery of another (or no) content type is refused with
 * 415.
 */
public class WebhookAuthenticationFilter extends OncePerRequestFilter {

    private static final String SIGNATURE = "X-Hub-Signature";
    private static final String SIGNATURE_256 = "X-Hub-Signature-256";
    private static final String OWN_SIGNATURE = "X-ScrumOps-Signature";
    private static final String GITLAB_TOKEN = "X-Gitlab-Token";

    private final WebhookSecrets secrets;
    private final int maxBodyBytes;

    /** @param maxBodyBytes larger deliveries are refused with 413 before they are read into memory */
    public WebhookAuthenticationFilter(WebhookSecrets secrets, int maxBodyBytes) {
        if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("scrumops.webhooks.max-body-bytes must be between 1 and "
                    + (Integer.MAX_VALUE - 1) + ", was " + maxBodyBytes);
        }
        this.secrets = secrets;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        // A declared length is read into an array of that size (the container ends the stream there); reading up to
        // the limit allocated a 16 KB buffer per webhook and copied the body out of it.
        byte[] body = declared > maxBodyBytes ? null
                : request.getInputStream().readNBytes(declared >= 0 ? (int) declared : maxBodyBytes + 1);
        if (body == null || body.length > maxBodyBytes) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "webhook body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        CachedBodyRequest cached = new CachedBodyRequest(request, body);
        Verdict verdict = verify(cached);
        if (verdict == Verdict.WRONG) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "webhook signature or token does not match");
            return;
        }
        if ("POST".equals(request.getMethod()) && !isJson(request.getContentType())) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "webhook body must be JSON "
                    + "(Content-Type application/json), was " + (request.getContentType() == null ? "none"
                    : "'" + request.getContentType().replaceAll("[^\\w./+;= -]", "?") + "'"));
            return;
        }
        if (verdict == Verdict.VALID) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "webhook:" + request.getRequestURI(), null, AuthorityUtils.createAuthorityList("ROLE_WEBHOOK")));
        }
        chain.doFilter(cached, response);
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":\"rejected\",\"reason\":\"" + reason + "\"}");
    }

    private enum Verdict { VALID, WRONG, ABSENT }

    private Verdict verify(CachedBodyRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/webhooks/jira")) {
            return hmac(secrets.jiraSecret(), request, first(request, SIGNATURE, SIGNATURE_256));
        }
        if (path.startsWith("/webhooks/servicenow")) {
            return hmac(secrets.servicenowSecret(), request, request.getHeader(OWN_SIGNATURE));
        }
        if (path.startsWith("/webhooks/deployments") || path.startsWith("/webhooks/scm")) {
            if (request.getHeader(SIGNATURE_256) != null) {
                return hmac(secrets.githubSecret(), request, request.getHeader(SIGNATURE_256));
            }
            if (request.getHeader(GITLAB_TOKEN) != null) {
                return token(secrets.gitlabToken(), request.getHeader(GITLAB_TOKEN));
            }
            return hmac(secrets.deploymentSecret(), request, request.getHeader(OWN_SIGNATURE));
        }
        return Verdict.ABSENT;
    }

    private static Verdict hmac(String secret, CachedBodyRequest request, String presented) {
        if (presented == null) {
            return Verdict.ABSENT;
        }
        if (isBlank(secret)) {
            return Verdict.WRONG;
        }
        return WebhookSignature.matches(secret, request.body(), presented) ? Verdict.VALID : Verdict.WRONG;
    }

    private static Verdict token(String expected, String presented) {
        if (isBlank(expected)) {
            return Verdict.WRONG;
        }
        return WebhookSignature.constantTimeEquals(expected, presented) ? Verdict.VALID : Verdict.WRONG;
    }

    /** {@code application/json} or any {@code +json} type, with or without parameters such as charset. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String first(HttpServletRequest request, String... names) {
        for (String name : names) {
            if (request.getHeader(name) != null) {
                return request.getHeader(name);
            }
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
