using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Remembers bearer tokens the handler has validated, for a short while, so that a client sending
/// the same token on every request pays for its signature check and claims once: checking a token
/// was about a seventh of the host's CPU time serving <c>GET /api/instances/{id}</c>. A token is
/// remembered only after it passed every check, by its exact text (any change is a different token),
/// and never past its own expiry. The price: a signing key withdrawn from the configuration stops
/// the tokens it signed only once their entries lapse (<see cref="ApiOptions.ValidatedTokenLifetime"/>).
/// </summary>
internal sealed class ValidatedTokens(TimeProvider time, IOptions<ApiOptions> options)
{
    /// <summary>How many tokens are remembered at most; past it, lapsed entries go, then all.</summary>
    internal const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Gets how many tokens are remembered.</summary>
    internal int Count => _entries.Count;

    /// <summary>Finds a remembered token still within its time; the caller gets a copy of its user.</summary>
    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (time.GetUtcNow() < entry.Until)
            {
                principal = Copy(entry.Principal);
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(token, entry));
        }

        principal = null!;
        return false;
    }

    /// <summary>Remembers a token that has just been validated, until it expires or the lifetime runs out.</summary>
    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset expires)
    {
        var lifetime = options.Value.ValidatedTokenLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = expires < now + lifetime ? expires : now + lifetime;
        if (until <= now)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.Until <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
        }

        _entries[token] = new Entry(Copy(principal), until);
    }

    /// <summary>The bearer handler's events that read and fill the cache.</summary>
    internal static JwtBearerEvents Events() => new()
    {
        OnMessageReceived = context =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().TryGet(header["Bearer ".Length..].Trim(), out var principal))
            {
                context.Principal = principal;
                context.Success();
            }

            return Task.CompletedTask;
        },
        OnTokenValidated = context =>
        {
            // Every request acts as a user: a token that names none is not a sign-in, and is never remembered.
            if (string.IsNullOrWhiteSpace(context.Principal?.FindFirstValue(Caller.UserIdClaim)))
            {
                context.Fail("The token carries no user id ('sub').");
                return Task.CompletedTask;
            }

            if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
            {
                context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>()
                    .Add(token.EncodedToken, principal, new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
            }

            return Task.CompletedTask;
        },
    };

    // ClaimsPrincipal.Clone() shares the identities; a request that adds a claim must not change the next one's user.
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(i => i.Clone()));

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Until);
}
