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

    public static Actor ToActor(this HttpContext context)
    {
        var user = context.User;
        var id = user.FindFirstValue(UserIdClaim) ?? user.Identity?.Name
            ?? throw new InvalidOperationException("The token carries no user id ('sub').");
        var roles = user.FindAll(RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        var onBehalfOf = context.Request.Headers[OnBehalfOfHeader].ToString();
        return new Actor(id, roles) { OnBehalfOf = string.IsNullOrWhiteSpace(onBehalfOf) ? null : onBehalfOf };
    }

    /// <summary>Gets the request's idempotency key as the caller sent it; the engine keeps each user's keys apart.</summary>
    public static string? IdempotencyKey(this HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        return string.IsNullOrWhiteSpace(key) ? null : key;
    }
}
