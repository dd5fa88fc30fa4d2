using System.Net.Http.Headers;
using System.Security.Claims;
using MarketingWorkflows.Api.Extensions;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The host's short-lived memory of bearer tokens it has validated.</summary>
public sealed class ValidatedTokensTests : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly ApiFactory _factory;

    public ValidatedTokensTests(ApiFactory factory) => _factory = factory;

    [Fact]
    public void A_remembered_token_lapses_after_the_lifetime()
    {
        var clock = new Clock(Noon);
        var tokens = Tokens(clock, TimeSpan.FromMinutes(1));
        tokens.Add("token", User("ana"), expires: Noon.AddHours(8));

        tokens.TryGet("token", out var principal).Should().BeTrue();
        principal.FindFirstValue(Caller.UserIdClaim).Should().Be("ana");
        clock.Now = Noon.AddMinutes(1);
        tokens.TryGet("token", out _).Should().BeFalse();
    }

    [Fact]
    public void A_token_is_never_remembered_past_its_own_expiry()
    {
        var clock = new Clock(Noon);
        var tokens = Tokens(clock, TimeSpan.FromMinutes(10));
        tokens.Add("token", User("ana"), expires: Noon.AddMinutes(2));
        tokens.Add("expired", User("ana"), expires: Noon.AddSeconds(-1));

        clock.Now = Noon.AddMinutes(2);
        tokens.TryGet("token", out _).Should().BeFalse();
        tokens.TryGet("expired", out _).Should().BeFalse();
    }

    [Fact]
    public void A_lifetime_of_zero_remembers_nothing()
    {
        var tokens = Tokens(new Clock(Noon), TimeSpan.Zero);
        tokens.Add("token", User("ana"), expires: Noon.AddHours(8));

        tokens.TryGet("token", out _).Should().BeFalse();
        tokens.Count.Should().Be(0);
    }

    [Fact]
    public void Each_request_gets_its_own_copy_of_a_remembered_user()
    {
        var tokens = Tokens(new Clock(Noon), TimeSpan.FromMinutes(1));
        tokens.Add("token", User("ana"), expires: Noon.AddHours(8));

        tokens.TryGet("token", out var first).Should().BeTrue();
        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim(Caller.RoleClaim, "cmo"));

        tokens.TryGet("token", out var second).Should().BeTrue();
        second.FindAll(Caller.RoleClaim).Select(c => c.Value).Should().Equal("marketer");
    }

    [Fact]
    public void Past_its_capacity_the_cache_starts_again_rather_than_grow()
    {
        var tokens = Tokens(new Clock(Noon), TimeSpan.FromMinutes(1));
        for (var i = 0; i <= ValidatedTokens.Capacity; i++)
        {
            tokens.Add("token" + i, User("ana"), expires: Noon.AddHours(8));
        }

        tokens.Count.Should().BeLessThanOrEqualTo(ValidatedTokens.Capacity);
        tokens.TryGet("token" + ValidatedTokens.Capacity, out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_token_changed_after_it_was_accepted_is_401()
    {
        var client = await _factory.SignInAsync("ana");
        (await client.GetAsync("/api/processes")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/api/processes")).StatusCode.Should().Be(HttpStatusCode.OK);

        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        (await client.GetAsync("/api/processes")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Remembered_tokens_keep_their_own_users_apart()
    {
        var ana = await _factory.SignInAsync("ana");
        var fiona = await _factory.SignInAsync("fiona");

        for (var i = 0; i < 2; i++)
        {
            (await Campaigns.StartAsync(ana)).GetProperty("createdBy").GetString().Should().Be("ana");
            (await Campaigns.StartAsync(fiona)).GetProperty("createdBy").GetString().Should().Be("fiona");
        }
    }

    private static ValidatedTokens Tokens(TimeProvider clock, TimeSpan lifetime)
        => new(clock, Options.Create(new ApiOptions { ValidatedTokenLifetime = lifetime }));

    private static ClaimsPrincipal User(string id)
        => new(new ClaimsIdentity([new Claim(Caller.UserIdClaim, id), new Claim(Caller.RoleClaim, "marketer")], "Bearer", Caller.UserIdClaim, Caller.RoleClaim));

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
