using ContentHelper.Api.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace ContentHelper.Api.Platform;

public static class OpenApiSetup
{
    /// <summary>The built-in OpenAPI document, with the bearer scheme on every route that needs a token.</summary>
    public static IServiceCollection AddApiDocs(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ContentHelper API";
            document.Info.Description = "Who in your network should see the article you are reading, and a note to send them.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[TokenAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A token from POST /api/accounts or POST /api/tokens.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(TokenAuthentication.SchemeName, context.Document)] = [],
                });
            }
            return Task.CompletedTask;
        });
    });
}
