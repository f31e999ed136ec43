package io.scrumops.bridge.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.security.web.firewall.FirewalledRequest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * A request whose body was read once (to check its signature) and can be read again by the route.
 *
 * <p>Its header names are listed by the container's request itself, past Spring Security's firewall wrapper: the
 * firewall checks each name it lists against a pattern (assigned characters, no control characters), but Tomcat's
 * HTTP parser admits only token characters in a header name (letters, digits and {@code !#$%&'*+-.^_`|~}), all of
 * which pass, so the check decided nothing and cost a pattern match per header per webhook (the route lists them all
 * to pick the few it keeps). Header values are still read through the firewall, which checks each value read.
 */
final class CachedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final HttpServletRequest names;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
        this.names = request instanceof FirewalledRequest firewalled
                && firewalled.getRequest() instanceof HttpServletRequest container ? container : request;
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return names.getHeaderNames();
    }

    byte[] body() {
        return body;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("the body is already in memory");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }

    @Override
    public BufferedReader getReader() throws IOException {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }
}
