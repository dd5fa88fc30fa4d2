using MarketingWorkflows.Api.Webhooks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Storage;
using Microsoft.AspNetCore.Diagnostics;
using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Turns every failure into an RFC 9457 problem with a stable <c>code</c>, the engine's reasons
/// and the field errors. Unexpected failures are logged and answered without their details.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            InstanceNotFoundException e => Problem(StatusCodes.Status404NotFound, ApiProblemCodes.InstanceNotFound, "No such instance", e.Message),
            DefinitionNotFoundException e => Problem(StatusCodes.Status404NotFound, ApiProblemCodes.ProcessNotFound, "No such process", e.Message),
            ConcurrencyConflictException e when ETags.HasIfMatch(httpContext) => Problem(StatusCodes.Status412PreconditionFailed, ApiProblemCodes.PreconditionFailed, "The instance has changed", e.Message),
            ConcurrencyConflictException e => Problem(StatusCodes.Status409Conflict, ApiProblemCodes.Conflict, "The instance has changed", e.Message),
            PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, ApiProblemCodes.PreconditionFailed, "The precondition does not hold", e.Message),
            CommandForbiddenException e => Problem(StatusCodes.Status403Forbidden, ApiProblemCodes.Forbidden, "Not allowed for you", e.Message, e.Reasons),
            CommandNotPermittedException e => Problem(StatusCodes.Status409Conflict, ApiProblemCodes.NotPermitted, "Not possible in this state", e.Message, e.Reasons),
            GuardFunctionFailedException e => Problem(StatusCodes.Status409Conflict, ApiProblemCodes.GuardFunctionFailed, "A guard function failed", e.Message, e.Reasons),
            InstanceIntegrityException e => Problem(StatusCodes.Status409Conflict, ApiProblemCodes.InstanceIntegrity, "The instance does not match its history", $"{e.Message} Ask an operator to restore it; retrying will not help.", e.Reasons),
            CommandValidationException e => Validation(e),
            MigrationPlanException e => PlanInvalid(e),
            IdempotencyKeyReusedException e => Problem(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.IdempotencyKeyReused, "The idempotency key was used for another request", e.Message),
            StoreFullException e => StoreFault(httpContext, e, ApiProblemCodes.StorageFull, "The store is full", StoreFullRetryAfterSeconds),
            StoreUnavailableException e => StoreFault(httpContext, e, ApiProblemCodes.StorageUnavailable, "The store cannot be used for now", StoreUnavailableRetryAfterSeconds),
            DbException e when WebhookStoreFaults.Classify(e) is StoreFullException full => StoreFault(httpContext, full, ApiProblemCodes.StorageFull, "The store is full", StoreFullRetryAfterSeconds),
            DbException e when WebhookStoreFaults.Classify(e) is { } unavailable => StoreFault(httpContext, unavailable, ApiProblemCodes.StorageUnavailable, "The store cannot be used for now", StoreUnavailableRetryAfterSeconds),
            ApiUnauthorizedException e => Problem(StatusCodes.Status401Unauthorized, ApiProblemCodes.Unauthorized, "Not signed in", e.Message),
            ApiNotFoundException e => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", e.Message),
            RequestValidationException e => Validation(e.Message, e.Errors),
            ApiForbiddenException e => Problem(StatusCodes.Status403Forbidden, ApiProblemCodes.Forbidden, "Not allowed for you", e.Message, [e.Message]),
            DefinitionValidationException e => Validation(e.Message, e.Errors.GroupBy(d => d.Path.Length == 0 ? "definition" : d.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(d => $"{d.Code} (line {d.Line}, column {d.Column}): {d.Message}").ToArray(), StringComparer.Ordinal)),
            ProcessDefinitionException e => Problem(StatusCodes.Status409Conflict, ApiProblemCodes.VersionConflict, "That version exists with other content", e.Message, [.. e.Errors.Select(d => d.Message)]),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => Problem(StatusCodes.Status413PayloadTooLarge, ApiProblemCodes.PayloadTooLarge, "The request body is too large", e.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } e => Problem(StatusCodes.Status415UnsupportedMediaType, ApiProblemCodes.UnsupportedMediaType, "The body's media type is not accepted", e.Message),
            BadHttpRequestException { InnerException: JsonException json } when Missing(json) is { Count: > 0 } missing => Validation("The body lacks required fields.", missing.ToDictionary(m => m, _ => new[] { "is required" }, StringComparer.Ordinal)),
            BadHttpRequestException { InnerException: JsonException json } when IsWrongType(json) => Validation("A field of the body has the wrong type.", new() { [Field(json)] = [WrongType(json)] }),
            BadHttpRequestException e when Parameter(e) is { } parameter => Validation("A parameter is missing or not of its type.", new() { [parameter] = [Unbound(e)] }),
            BadHttpRequestException e => Problem(e.StatusCode, ApiProblemCodes.BadRequest, "The request is malformed", Describe(e)),
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, ApiProblemCodes.InternalError, "Something went wrong", "The request failed on the server; the log has the details under this trace id.");
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    /// <summary>How long a client is told to wait after a full store: room is made by an operator, not in a moment.</summary>
    internal const int StoreFullRetryAfterSeconds = 60;

    /// <summary>How long a client is told to wait after a store it cannot use: a lock, a restart or a failover usually passes within seconds.</summary>
    internal const int StoreUnavailableRetryAfterSeconds = 5;

    // The store's message says the cause and whether anything was changed; it names no secret
    // (the database's file name or host, never a password), so the caller gets it whole.
    private ProblemDetails StoreFault(HttpContext httpContext, StoreUnavailableException exception, string code, string title, int retryAfterSeconds)
    {
        LogStoreFault(exception, httpContext.Request.Method, httpContext.Request.Path, code);
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, code, title, exception.Message);
    }

    private static ProblemDetails Problem(int status, string code, string title, string detail, IReadOnlyList<string>? reasons = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (reasons is { Count: > 0 })
        {
            problem.Extensions["reasons"] = reasons;
        }

        return problem;
    }

    private static ProblemDetails PlanInvalid(MigrationPlanException exception)
    {
        var problem = Validation(exception.Message, exception.Problems
            .GroupBy(p => p.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal));
        problem.Title = "The migration plan does not fit";
        problem.Extensions["code"] = ApiProblemCodes.MigrationPlanInvalid;
        return problem;
    }

    private static ProblemDetails Validation(CommandValidationException exception)
        => Validation(exception.Message, exception.Errors
            .GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    private static ProblemDetails Validation(string detail, Dictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request is not valid",
            Detail = detail,
        };
        problem.Extensions["code"] = ApiProblemCodes.ValidationFailed;
        return problem;
    }

    // The framework's message for a body that is not JSON names the parameter and the reader's position.
    private static string Describe(BadHttpRequestException exception)
        => exception.InnerException is JsonException json ? $"The body is not valid JSON: {json.Message}" : exception.Message;

    // Valid JSON whose value does not fit the field (a number for a text, an unknown enum name) is the
    // field's fault, not the body's: 422 naming the field. Broken JSON has the reader's exception inside.
    private static bool IsWrongType(JsonException exception)
        => exception.Path is { Length: > 1 } && exception.InnerException?.GetType().Name != "JsonReaderException";

    private static string Field(JsonException exception) => exception.Path!.TrimStart('$', '.');

    // The framework's binding messages: 'Failed to bind parameter "int take" from "abc".' and
    // 'Required parameter "string id" was not provided from route.' A body that is missing stays 400.
    private static string? Parameter(BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest || exception.InnerException is not null)
        {
            return null;
        }

        var match = BindingMessage().Match(exception.Message);
        return match.Success && match.Groups["source"].Value != "body" ? match.Groups["name"].Value : null;
    }

    private static string Unbound(BadHttpRequestException exception)
    {
        var match = BindingMessage().Match(exception.Message);
        return match.Groups["value"].Success
            ? $"'{match.Groups["value"].Value}' is not a valid {match.Groups["type"].Value.TrimEnd('?')}"
            : "is required";
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^(?:Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from "(?<value>.*)"\.|Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided from (?<source>[^.]+)\.)$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex BindingMessage();

    // The serializer names the missing properties as 'a', 'b' after this phrase.
    private static List<string> Missing(JsonException exception)
    {
        const string Phrase = "missing required properties including: ";
        var at = exception.Message.IndexOf(Phrase, StringComparison.Ordinal);
        var parent = exception.Path is { Length: > 1 } path ? path.TrimStart('$', '.') + "." : string.Empty;
        return at < 0 ? [] : [.. exception.Message[(at + Phrase.Length)..].Split(',').Select(n => n.Trim().Trim('.').Trim('\'')).Where(n => n.Length > 0).Select(n => parent + n)];
    }

    private static string WrongType(JsonException exception)
    {
        if (exception.Message.Contains("doesn't allow null values", StringComparison.Ordinal))
        {
            return "must not be null";
        }

        // The serializer's message names the .NET type; the caller needs the JSON one and the path.
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "has the wrong type or value: " + (cut > 0 ? message[..cut] : message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed: the store cannot be used ({Code}); answered 503")]
    private partial void LogStoreFault(Exception exception, string method, string path, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}

/// <summary>The stable <c>code</c> of each problem the API answers with.</summary>
public static class ApiProblemCodes
{
    /// <summary>404: the instance does not exist.</summary>
    public const string InstanceNotFound = "instance-not-found";

    /// <summary>404: the process (or that version) is not registered.</summary>
    public const string ProcessNotFound = "process-not-found";

    /// <summary>404: the process has no saved draft.</summary>
    public const string DraftNotFound = "draft-not-found";

    /// <summary>409: the instance changed under a command that did not name a version.</summary>
    public const string Conflict = "conflict";

    /// <summary>412: <c>If-Match</c> names a version the instance is no longer at.</summary>
    public const string PreconditionFailed = "precondition-failed";

    /// <summary>409: a process version exists already with other content; give the new content a new version.</summary>
    public const string VersionConflict = "version-conflict";

    /// <summary>403: a role, the self-approval policy or another rule about who may act blocks it.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>409: the trigger cannot be fired in this state, or a guard does not hold.</summary>
    public const string NotPermitted = "not-permitted";

    /// <summary>
    /// 409: the instance's stored row disagrees with its history (it was changed outside the
    /// engine), so no command is applied to it until an operator restores it; retrying does not help.
    /// </summary>
    public const string InstanceIntegrity = "instance-integrity";

    /// <summary>
    /// 409: a guard function the command's guard calls (such as <c>budgetLeft</c>) failed, took
    /// longer than its time limit or answered with the wrong type; nothing was changed, and trying
    /// again may work. <c>reasons</c> names the call.
    /// </summary>
    public const string GuardFunctionFailed = "guard-function-failed";

    /// <summary>422: the data, arguments or comment are not valid; <c>errors</c> has the fields.</summary>
    public const string ValidationFailed = "validation-failed";

    /// <summary>422: a migration plan does not fit the definitions or the instances; <c>errors</c> has every problem by its place in the plan (<c>states.{state}</c>, <c>dataDefaults.{field}</c>, <c>toVersion</c>).</summary>
    public const string MigrationPlanInvalid = "migration-plan-invalid";

    /// <summary>422: the caller sent this <c>Idempotency-Key</c> before with a different request (another operation, instance, body or comment); use a new key.</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>400: the request is malformed (not JSON, a missing field, a bad parameter).</summary>
    public const string BadRequest = "bad-request";

    /// <summary>401: no valid token.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>413: the body is larger than the host accepts.</summary>
    public const string PayloadTooLarge = "payload-too-large";

    /// <summary>415: the body's <c>Content-Type</c> is not one the operation accepts (JSON, mostly).</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>429: too many requests; wait and retry.</summary>
    public const string TooManyRequests = "too-many-requests";

    /// <summary>503: the store is full (disk or size cap); nothing was changed. Retry after <c>Retry-After</c> seconds, once room is made.</summary>
    public const string StorageFull = "storage-full";

    /// <summary>503: the store cannot be used for now (unreachable, read-only, locked out); nothing was changed. Retry after <c>Retry-After</c> seconds.</summary>
    public const string StorageUnavailable = "storage-unavailable";

    /// <summary>500: the server failed; nothing about it is shown.</summary>
    public const string InternalError = "internal-error";

    /// <summary>There is no demo user of that name.</summary>
    public const string UserNotFound = "user-not-found";
}
