using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Development only: signs tokens for the demo users with a key made when the host starts, so
/// the operator page works without an identity provider. The bearer handler trusts the key
/// beside whatever keys configuration gives it (those of <c>dotnet user-jwts</c>, say).
/// </summary>
internal sealed class DemoTokens(TimeProvider time)
{
    /// <summary>The issuer and audience of demo tokens.</summary>
    public const string Issuer = "marketingworkflows";

    /// <summary>
    /// The demo users and their roles: someone for every role the built-in processes name, so a
    /// campaign can go from draft to Live with demo sign-ins alone (the README lists who does what).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Users = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ana"] = ["marketer", "author", "campaign-owner"],
        ["mia"] = ["marketer", "author"],
        ["sam"] = ["marketer", "finance"],
        ["fiona"] = ["finance"],
        ["flo"] = ["finance-lead"],
        ["lea"] = ["legal"],
        ["lena"] = ["legal-lead"],
        ["cora"] = ["cmo"],
        ["max"] = ["marketing-lead"],
        ["otto"] = ["ops-lead"],
        ["bea"] = ["brand"],
        ["pat"] = ["publisher"],
        ["cole"] = ["content"],
        ["dina"] = ["design"],
        ["alan"] = ["analytics"],
        ["kim"] = ["communications"],
        ["nora"] = ["analyst"],
        ["admin"] = ["process-admin"],
        ["pia"] = ["process-admin", "ops-lead"],
    };

    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "demo" };

    public string Issue(string userId, IReadOnlyList<string> roles)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(8),
            Claims = new Dictionary<string, object> { [Caller.UserIdClaim] = userId, [Caller.RoleClaim] = roles.ToArray() },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>Adds the demo key, issuer and audience to what the bearer handler accepts.</summary>
    internal sealed class TrustDemoKey(DemoTokens tokens) : IPostConfigureOptions<JwtBearerOptions>
    {
        public void PostConfigure(string? name, JwtBearerOptions options)
        {
            var parameters = options.TokenValidationParameters;
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], tokens._key];
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], Issuer];
            parameters.ValidAudiences = [.. parameters.ValidAudiences ?? [], Issuer];
        }
    }
}
