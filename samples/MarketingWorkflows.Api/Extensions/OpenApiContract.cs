using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Completes the OpenAPI document from what the endpoints declare: the bearer scheme and which
/// operations need it, the headers and query parameters an endpoint reads by hand, and every
/// problem answer (RFC 9457) with the <c>code</c>s the host uses for it.
/// </summary>
internal sealed class OpenApiContract : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The security scheme's name in the document.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The problem schema's name in the document.</summary>
    public const string ProblemSchema = "ProblemDetails";

    private static readonly Dictionary<string, string> HeaderDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["If-None-Match"] = "The instance's ETag as last read: 304 without a body if it has not changed since.",
        ["If-Match"] = "The instance's ETag as last read, such as \"3\": the command is refused with 412 if the instance has changed since.",
        [Caller.IdempotencyKeyHeader] = $"A key of at most {Caller.MaxIdempotencyKeyLength} characters that makes the request safe to repeat: the same key with the same request changes nothing and answers the instance as it is now.",
        [Caller.OnBehalfOfHeader] = "The user the caller acts for, under a delegation that user gave.",
        [Caller.CommentHeader] = $"Why the data changes (at most {RequestChecks.MaxTextLength} characters); kept in the history.",
    };

    private static readonly Dictionary<int, string> StatusDescriptions = new()
    {
        [400] = "The request is malformed.",
        [401] = "No valid token, or a token that names no user.",
        [403] = "The caller may not do this.",
        [404] = "Not found.",
        [409] = "Not possible in the instance's state.",
        [412] = "If-Match does not hold.",
        [413] = "The body is too large.",
        [415] = "The body's media type is not accepted.",
        [422] = "A field, parameter or header is not valid; errors has them by name.",
        [429] = "Too many requests.",
        [500] = "The server failed.",
        [503] = "The store is full or cannot be used for now; nothing was changed. Retry-After says when to try again.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose sub claim is the user id and whose role claims are the user's roles.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[ProblemSchema] = Problem();
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (!("/" + description.RelativePath).StartsWith("/api/", StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var metadata = description.ActionDescriptor.EndpointMetadata;
        var headers = metadata.OfType<ApiHeaders>().SelectMany(h => h.Names).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        operation.Parameters ??= [];
        foreach (var header in headers)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header,
                In = ParameterLocation.Header,
                Description = HeaderDescriptions.GetValueOrDefault(header),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxLength(header) },
            });
        }

        foreach (var query in metadata.OfType<ApiQueryParameter>())
        {
            var schema = new OpenApiSchema { Type = query.Type, Format = query.Format };
            if (query.Values is { Count: > 0 } values)
            {
                schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            }

            operation.Parameters.Add(new OpenApiParameter { Name = query.Name, In = ParameterLocation.Query, Description = query.Description, Schema = schema });
        }

        foreach (var text in metadata.OfType<ApiTextResponse>())
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse success)
            {
                success.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                success.Content[text.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        var problems = new SortedDictionary<int, SortedSet<string>>();
        void Add(int status, params string[] codes)
        {
            if (!problems.TryGetValue(status, out var set))
            {
                problems[status] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(codes);
        }

        Add(StatusCodes.Status400BadRequest, ApiProblemCodes.BadRequest);
        Add(StatusCodes.Status429TooManyRequests, ApiProblemCodes.TooManyRequests);
        Add(StatusCodes.Status500InternalServerError, ApiProblemCodes.InternalError);
        if (!metadata.OfType<ApiWithoutStore>().Any())
        {
            Add(StatusCodes.Status503ServiceUnavailable, ApiProblemCodes.StorageFull, ApiProblemCodes.StorageUnavailable);
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(StatusCodes.Status401Unauthorized, ApiProblemCodes.Unauthorized);
            Add(StatusCodes.Status403Forbidden, ApiProblemCodes.Forbidden);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
        {
            Add(StatusCodes.Status404NotFound, "not-found");
        }

        if (description.HttpMethod is "POST" or "PUT" or "PATCH")
        {
            Add(StatusCodes.Status413PayloadTooLarge, ApiProblemCodes.PayloadTooLarge);
            Add(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            Add(StatusCodes.Status415UnsupportedMediaType, ApiProblemCodes.UnsupportedMediaType);
        }

        if (headers.Count > 0)
        {
            Add(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
        }

        if (headers.Contains(Caller.IdempotencyKeyHeader, StringComparer.OrdinalIgnoreCase))
        {
            Add(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.IdempotencyKeyReused);
        }

        if (headers.Contains("If-Match", StringComparer.OrdinalIgnoreCase))
        {
            Add(StatusCodes.Status412PreconditionFailed, ApiProblemCodes.PreconditionFailed);
        }

        foreach (var problem in metadata.OfType<ApiProblem>())
        {
            Add(problem.Status, [.. problem.Codes]);
        }

        operation.Responses ??= [];
        foreach (var (status, codes) in problems)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses.Remove(key);
            var response = new OpenApiResponse
            {
                Description = $"{StatusDescriptions.GetValueOrDefault(status, "A problem.")} code: {string.Join(", ", codes)}.",
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
            };
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before sending the request again.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                };
            }

            operation.Responses[key] = response;
        }

        return Task.CompletedTask;
    }

    private static int? MaxLength(string header) => header switch
    {
        _ when header.Equals(Caller.IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase) => Caller.MaxIdempotencyKeyLength,
        _ when header.Equals(Caller.OnBehalfOfHeader, StringComparison.OrdinalIgnoreCase) => RequestChecks.MaxNameLength,
        _ when header.Equals(Caller.CommentHeader, StringComparison.OrdinalIgnoreCase) => RequestChecks.MaxTextLength,
        _ => null,
    };

    private static OpenApiSchema Problem()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem, with the host's stable code, the engine's reasons and the fields in error.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text("A URI naming the problem type."),
                ["title"] = Text("A short summary."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("What went wrong here, and what would make it work."),
                ["instance"] = Text("The request it is about."),
                ["code"] = Text("The stable problem code, such as not-permitted or validation-failed."),
                ["traceId"] = Text("The trace id the log has the details under."),
                ["reasons"] = new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = new OpenApiSchema { Type = JsonSchemaType.String }, Description = "Why the engine refused (guards, roles, rules)." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    Description = "The fields, parameters or headers in error, each with its messages.",
                },
            },
        };
    }
}

/// <summary>Declares the request headers an endpoint reads itself, for the OpenAPI document.</summary>
/// <param name="Names">The header names.</param>
internal sealed record ApiHeaders(IReadOnlyList<string> Names);

/// <summary>Declares a problem an endpoint answers with, beyond those every endpoint may give.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Codes">The <c>code</c>s.</param>
internal sealed record ApiProblem(int Status, IReadOnlyList<string> Codes);

/// <summary>Declares that an endpoint never touches the store, so it never answers 503 storage-full or storage-unavailable.</summary>
internal sealed record ApiWithoutStore;

/// <summary>Declares another media type, as text, of an endpoint's success answer.</summary>
/// <param name="ContentType">The media type, such as <c>text/csv</c>.</param>
internal sealed record ApiTextResponse(string ContentType);

/// <summary>Declares a query parameter an endpoint reads from the query itself.</summary>
/// <param name="Name">The name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Format">Its format, such as <c>date-time</c>.</param>
/// <param name="Values">The values it takes, when they are a fixed set.</param>
internal sealed record ApiQueryParameter(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, string? Format = null, IReadOnlyList<string>? Values = null);
