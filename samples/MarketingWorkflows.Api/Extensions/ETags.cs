using System.Globalization;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>An instance's ETag is its version; <c>If-Match</c> turns into the version a command expects.</summary>
internal static class ETags
{
    public static string For(ProcessInstance instance) => For(instance.Version);

    public static string For(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Gets the version <c>If-Match</c> asks for; <see langword="null"/> without the header or for <c>*</c>.</summary>
    /// <exception cref="PreconditionFailedException">The header names no version of ours.</exception>
    public static long? ExpectedVersion(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new PreconditionFailedException($"If-Match '{header}' is not an ETag this API gave out: send the ETag of the instance as you last read it, such as \"3\".");
    }

    /// <summary>Gets whether the request asked for a version with <c>If-Match</c>.</summary>
    public static bool HasIfMatch(HttpContext context) => context.Request.Headers.IfMatch.Count > 0;
}

/// <summary>An <c>If-Match</c> precondition does not hold: 412.</summary>
internal sealed class PreconditionFailedException(string message) : Exception(message);

/// <summary>The caller is signed in with a token that does not name them: 401.</summary>
internal sealed class ApiUnauthorizedException(string message) : Exception(message);

/// <summary>Something the API keeps (not an instance) does not exist: 404.</summary>
internal sealed class ApiNotFoundException(string message) : Exception(message);

/// <summary>A request's fields are not valid: 422 with the fields.</summary>
internal sealed class RequestValidationException(string message, Dictionary<string, string[]> errors) : Exception(message)
{
    public Dictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The caller may not do this (a role the endpoint needs): 403.</summary>
internal sealed class ApiForbiddenException(string message) : Exception(message);

/// <summary>A definition does not load: 422 with each problem by its path.</summary>
internal sealed class DefinitionValidationException(IReadOnlyList<MarketingWorkflows.Definitions.DefinitionError> errors)
    : Exception($"The definition has {errors.Count} problem(s): {string.Join("; ", errors)}")
{
    public IReadOnlyList<MarketingWorkflows.Definitions.DefinitionError> Errors { get; } = errors;
}
