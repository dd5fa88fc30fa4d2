using Microsoft.OpenApi;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>What an endpoint declares for <see cref="OpenApiContract"/>.</summary>
internal static class OpenApiEndpointExtensions
{
    /// <summary>Declares the request headers the endpoint reads.</summary>
    public static RouteHandlerBuilder WithHeaders(this RouteHandlerBuilder builder, params string[] names)
        => builder.WithMetadata(new ApiHeaders(names));

    /// <summary>Declares problems the endpoint answers with.</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, int status, params string[] codes)
        => builder.WithMetadata(new ApiProblem(status, codes));

    /// <summary>Declares that the endpoints never touch the store (no 503 storage problems).</summary>
    public static TBuilder WithoutStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new ApiWithoutStore());

    /// <summary>Declares that the success answer can also come as text of this media type (beside its JSON).</summary>
    public static RouteHandlerBuilder ProducesText(this RouteHandlerBuilder builder, string contentType)
        => builder.WithMetadata(new ApiTextResponse(contentType));

    /// <summary>Declares a query parameter the endpoint reads from the query itself.</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, string name, string description, JsonSchemaType type = JsonSchemaType.String, string? format = null, params string[] values)
        => builder.WithMetadata(new ApiQueryParameter(name, description, type, format, values));
}
