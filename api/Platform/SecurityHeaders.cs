namespace ContentHelper.Api.Platform;

public static class SecurityHeaders
{
    // Swagger UI is the only HTML we serve: its own scripts and styles (it sets some styles inline), the document
    // from here, and no framing.
    const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// No content sniffing, framing or referrer on any response; API answers carry contacts and history, so no cache keeps them
    /// (Cache-Control: no-store); the Swagger UI gets a Content-Security-Policy.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Nothing we serve is meant to be framed, and no page of ours should tell another site where it came from.
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api"))
            headers.CacheControl = "no-store";
        else if (path.StartsWithSegments("/swagger"))
            headers.ContentSecurityPolicy = SwaggerPolicy;
        return next(context);
    });
}
