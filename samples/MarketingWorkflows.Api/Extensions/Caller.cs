using System.Security.Claims;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>Turns the signed-in user into the engine's <see cref="Actor"/>.</summary>
internal static class Caller
{
    /// <summary>The claim holding the user id (<c>sub</c>, as <c>dotnet user-jwts</c> and the demo sign-in write it).</summary>
    public const string UserIdClaim = "sub";

    /// <summary>The claim holding a role; one claim per role.</summary>
    public const string RoleClaim = "role";

    /// <summary>The header naming the user a delegate acts for.</summary>
    public const string OnBehalfOfHeader = "X-On-Behalf-Of";

    /// <summary>The header carrying a client's key for repeating a POST safely.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The header carrying the comment of a data change.</summary>
    public const string CommentHeader = "X-Comment";

    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Gets the caller as the engine's actor.</summary>
    /// <exception cref="ApiUnauthorizedException">The user has no id (a token without <c>sub</c>).</exception>
    /// <exception cref="RequestValidationException"><c>X-On-Behalf-Of</c> is not a user id.</exception>
    public static Actor ToActor(this HttpContext context)
    {
        var user = context.User;
        var id = user.FindFirstValue(UserIdClaim) ?? user.Identity?.Name;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ApiUnauthorizedException("The token carries no user id ('sub'); sign in again with a token that names the user.");
        }

        var roles = user.FindAll(RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        var onBehalfOf = Header(context, OnBehalfOfHeader, RequestChecks.MaxNameLength);
        return new Actor(id, roles) { OnBehalfOf = onBehalfOf };
    }

    /// <summary>Gets the request's idempotency key as the caller sent it; the engine keeps each user's keys apart.</summary>
    /// <exception cref="RequestValidationException">The key is longer than <see cref="MaxIdempotencyKeyLength"/>.</exception>
    public static string? IdempotencyKey(this HttpContext context) => Header(context, IdempotencyKeyHeader, MaxIdempotencyKeyLength);

    /// <summary>Gets the <c>X-Comment</c> header, if any.</summary>
    /// <exception cref="RequestValidationException">The comment is longer than <see cref="RequestChecks.MaxTextLength"/>.</exception>
    public static string? Comment(this HttpContext context) => Header(context, CommentHeader, RequestChecks.MaxTextLength);

    // A header given twice, or longer than its limit, is refused rather than joined or cut.
    private static string? Header(HttpContext context, string name, int maxLength)
    {
        var values = context.Request.Headers[name];
        var value = values.ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var checks = new RequestChecks();
        if (values.Count > 1)
        {
            checks.Add(name, "is given more than once; send it once");
        }

        checks.Optional(name, value, maxLength).ThrowIfAny($"The {name} header is not valid.");
        return value;
    }
}
