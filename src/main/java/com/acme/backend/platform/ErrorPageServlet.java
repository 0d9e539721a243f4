package com.acme.backend.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

/**
 * The web container's error page (see web.xml): answers errors raised outside JAX-RS, such as a path outside
 * {@code /api}, as problems instead of Liberty's default page, which names Java exception classes.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri instanceof String s ? s : request.getRequestURI();
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = new Problem(type, type.defaultDetail(), instance);
        response.resetBuffer();
        response.setStatus(type.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        problem.headers().forEach(response::setHeader);
        if (!"HEAD".equals(request.getMethod())) {
            response.getWriter().write(problem.toJson(RequestIds.current()));
        }
    }
}
