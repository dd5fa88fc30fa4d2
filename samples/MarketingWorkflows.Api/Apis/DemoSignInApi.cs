using MarketingWorkflows.Api.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Apis;

/// <summary>Development only: tokens for the demo users, so nobody needs an identity provider to try the host.</summary>
internal static class DemoSignInApi
{
    public static void MapDemoSignInApi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || !app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.DemoSignIn)
        {
            return;
        }

        var demo = app.MapGroup("/api/demo").WithTags("Demo sign-in").WithoutStore();
        demo.MapGet("/users", () => TypedResults.Ok(DemoTokens.Users.Select(u => new DemoUser(u.Key, u.Value))))
            .WithName("ListDemoUsers")
            .WithSummary("Lists the demo users and their roles (Development only).");
        demo.MapPost("/token", IssueToken)
            .WithName("IssueDemoToken")
            .WithSummary("Issues a bearer token for a demo user (Development only).")
            .Produces<DemoToken>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.UserNotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static Results<Ok<DemoToken>, ProblemHttpResult> IssueToken(DemoSignIn? request, DemoTokens tokens)
    {
        if (string.IsNullOrWhiteSpace(request?.UserId))
        {
            throw new RequestValidationException(
                "Name the demo user to sign in as.",
                new() { ["userId"] = [$"is required: one of {string.Join(", ", DemoTokens.Users.Keys)}"] });
        }

        return DemoTokens.Users.TryGetValue(request.UserId, out var roles)
            ? TypedResults.Ok(new DemoToken(request.UserId, roles, tokens.Issue(request.UserId, roles)))
            : TypedResults.Problem(
                $"There is no demo user '{request.UserId}'; the demo users are {string.Join(", ", DemoTokens.Users.Keys)}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No such demo user",
                extensions: new Dictionary<string, object?> { ["code"] = ApiProblemCodes.UserNotFound });
    }
}

/// <summary>A demo user.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Roles">The roles.</param>
internal sealed record DemoUser(string UserId, IReadOnlyList<string> Roles);

/// <summary>Asks for a demo user's token.</summary>
/// <param name="UserId">The user id; required.</param>
internal sealed record DemoSignIn(string? UserId);

/// <summary>A demo token.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Roles">The roles in the token.</param>
/// <param name="AccessToken">The bearer token.</param>
internal sealed record DemoToken(string UserId, IReadOnlyList<string> Roles, string AccessToken);
