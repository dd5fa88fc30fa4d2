using MarketingWorkflows.Api.Client;
using MarketingWorkflows.Api.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The client generated from the OpenAPI document drives the host: the document is the contract.</summary>
public sealed class GeneratedClientTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;

    public GeneratedClientTests(ApiFactory factory) => _factory = factory;

    [Fact]
    public async Task A_campaign_launch_runs_through_the_generated_client_and_a_refusal_reads_as_problem_details()
    {
        var ana = await ClientAsync("ana");
        var fiona = await ClientAsync("fiona");
        var lea = await ClientAsync("lea");

        var started = await ana.Api.Instances.PostAsync(new StartRequest { ProcessId = "campaign-approval", Data = Campaign() }, r => r.Headers.Add("Idempotency-Key", "launch-1"));
        started!.State.Should().Be("Draft");
        var id = started.Id!.Value;
        var submitted = await ana.Api.Instances[id].Triggers["Submit"].PostAsync(new FireRequest { Comment = "Ready for review" }, r => r.Headers.Add("If-Match", $"\"{started.Version}\""));
        submitted!.Instance!.State.Should().Be("BudgetReview");

        // Legal is no approver of the budget review: the client throws the problem, typed.
        var refused = async () => await lea.Api.Instances[id].Decisions.PostAsync(new DecisionRequest { Decision = "approved" });
        var problem = (await refused.Should().ThrowAsync<ProblemDetails>()).Which;
        problem.ResponseStatusCode.Should().Be(403);
        problem.Code.Should().Be("forbidden");
        problem.Reasons.Should().ContainSingle().Which.Should().Contain("lea is not an approver of 'BudgetReview'");

        var waiting = await fiona.Api.Instances.GetAsync(r => { r.QueryParameters.WaitingOnMe = true; r.QueryParameters.Take = 500; });
        waiting!.Items!.Select(i => i.Id).Should().Contain(started.Id);
        var approved = await fiona.Api.Instances[id].Decisions.PostAsync(new DecisionRequest { Decision = "approved", Comment = "Fits the plan" }, r => r.Headers.Add("If-Match", $"\"{submitted.Instance.Version}\""));
        approved!.Instance!.State.Should().Be("Approved");
        approved.Events!.Select(e => e.Type).Should().Contain("marketingworkflows.campaign-approval.approved");

        // Deciding again is not possible in Approved: 409 with the engine's reason.
        var again = async () => await fiona.Api.Instances[id].Decisions.PostAsync(new DecisionRequest { Decision = "approved" });
        (await again.Should().ThrowAsync<ProblemDetails>()).Which.ResponseStatusCode.Should().BeOneOf(403, 409);
        var history = await ana.Api.Instances[id].History.GetAsync();
        history!.Select(h => h.Actor).Should().Equal("ana", "ana", "fiona");
        (await ana.Api.Instances[id].History.Verification.GetAsync())!.IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_bad_request_through_the_generated_client_names_the_field()
    {
        var ana = await ClientAsync("ana");

        var start = async () => await ana.Api.Instances.PostAsync(new StartRequest { ProcessId = string.Empty, Data = Campaign() });

        var problem = (await start.Should().ThrowAsync<ProblemDetails>()).Which;
        problem.ResponseStatusCode.Should().Be(422);
        problem.Code.Should().Be("validation-failed");
        problem.Errors!.AdditionalData.Should().ContainKey("processId");
    }

    private async Task<MarketingWorkflowsClient> ClientAsync(string user)
    {
        var http = await _factory.SignInAsync(user);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') };
        return new MarketingWorkflowsClient(adapter);
    }

    private static UntypedObject Campaign() => new(new Dictionary<string, UntypedNode>
    {
        ["name"] = new UntypedString("Spring launch"),
        ["owner"] = new UntypedString("ana"),
        ["budget"] = new UntypedObject(new Dictionary<string, UntypedNode> { ["amount"] = new UntypedDecimal(20_000m), ["currency"] = new UntypedString("EUR") }),
        ["regions"] = new UntypedArray([new UntypedString("US")]),
        ["channels"] = new UntypedArray([new UntypedString("social")]),
    });
}
