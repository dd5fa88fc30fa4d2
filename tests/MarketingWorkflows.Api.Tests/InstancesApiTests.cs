namespace MarketingWorkflows.Api.Tests;

public sealed class InstancesApiTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;

    public InstancesApiTests(ApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Starting_an_instance_answers_201_with_its_location_and_version_as_etag()
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.PostAsJsonAsync("/api/instances", Campaigns.Start());

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var instance = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.Headers.Location!.ToString().Should().Be($"/api/instances/{instance.GetProperty("id").GetGuid()}");
        response.Headers.ETag!.Tag.Should().Be("\"1\"");
        instance.GetProperty("state").GetString().Should().Be("Draft");
        instance.GetProperty("createdBy").GetString().Should().Be("ana");
    }

    [Fact]
    public async Task A_campaign_goes_from_draft_through_budget_review_to_approved()
    {
        var ana = await _factory.SignInAsync("ana");
        var fiona = await _factory.SignInAsync("fiona");
        var submitted = await Campaigns.SubmittedAsync(ana);
        var id = submitted.GetProperty("id").GetGuid();
        submitted.GetProperty("state").GetString().Should().Be("BudgetReview");

        var waiting = await fiona.GetFromJsonAsync<JsonElement>("/api/instances?waitingOnMe=true&process=campaign-approval&take=500");
        waiting.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Contain(id);
        using var decided = await fiona.PostAsJsonAsync($"/api/instances/{id}/decisions", new { decision = "approved", comment = "Fits the plan" });

        decided.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await decided.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("instance").GetProperty("state").GetString().Should().Be("Approved");
        result.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Contain("marketingworkflows.campaign-approval.approved");
        var history = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history");
        history.EnumerateArray().Select(h => h.GetProperty("actor").GetString()).Should().Equal("ana", "ana", "fiona");
        var verification = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history/verification");
        verification.GetProperty("isValid").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Submitter_cannot_approve_own_campaign_and_the_problem_names_the_rule()
    {
        // sam is a marketer and in finance: the budget review's approver, but also its submitter.
        var sam = await _factory.SignInAsync("sam");
        var id = (await Campaigns.SubmittedAsync(sam)).GetProperty("id").GetGuid();

        using var response = await sam.PostAsJsonAsync($"/api/instances/{id}/decisions", new { decision = "approved" });

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        problem.GetProperty("reasons")[0].GetString().Should().Contain("self-approval is forbidden");
        (await sam.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("state").GetString().Should().Be("BudgetReview");
    }

    [Fact]
    public async Task Someone_who_is_not_an_approver_cannot_decide()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();
        var lea = await _factory.SignInAsync("lea");

        using var response = await lea.PostAsJsonAsync($"/api/instances/{id}/decisions", new { decision = "approved" });

        (await Campaigns.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden")).GetProperty("reasons")[0].GetString().Should().Contain("lea is not an approver of 'BudgetReview'");
    }

    [Fact]
    public async Task A_trigger_the_caller_has_no_role_for_is_403_naming_the_role()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var fiona = await _factory.SignInAsync("fiona");

        using var response = await fiona.PostAsync($"/api/instances/{id}/triggers/Submit", null);

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        problem.GetProperty("detail").GetString().Should().Contain("needs one of the roles marketer");
    }

    [Fact]
    public async Task A_trigger_not_possible_in_the_state_is_409_with_the_reasons()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var otto = await _factory.SignInAsync("otto");

        using var response = await otto.PostAsync($"/api/instances/{id}/triggers/Launch", null);

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.Conflict, "not-permitted");
        problem.GetProperty("reasons").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task An_instance_whose_row_was_changed_outside_the_engine_is_409_instance_integrity()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();

        // Finance review skipped by writing the state straight into the file, with a new version
        // so that the host reads the row rather than keep the copy it committed.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(_factory.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE mwf_instances SET state = 'Approved', version = version + 1, body = json_set(body, '$.state', 'Approved', '$.version', version + 1) WHERE id = '{id}';";
            (await command.ExecuteNonQueryAsync()).Should().Be(1);
        }

        using var response = await ana.PostAsJsonAsync($"/api/instances/{id}/triggers/Schedule", new { arguments = new { launchAt = DateTimeOffset.UtcNow.AddDays(30) } });

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.Conflict, "instance-integrity");
        problem.GetProperty("detail").GetString().Should().Contain("(state)").And.Contain("'Approved'").And.Contain("'BudgetReview'").And.Contain("restore");
    }

    [Fact]
    public async Task Invalid_data_is_422_with_the_field_and_creates_nothing()
    {
        var ana = await _factory.SignInAsync("ana");
        var before = (await ana.GetFromJsonAsync<JsonElement>("/api/instances?take=500")).GetProperty("total").GetInt32();

        using var response = await ana.PostAsJsonAsync("/api/instances", new { processId = "campaign-approval", data = new { name = "No budget", owner = "ana" } });

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").TryGetProperty("budget", out _).Should().BeTrue(problem.ToString());
        (await ana.GetFromJsonAsync<JsonElement>("/api/instances?take=500")).GetProperty("total").GetInt32().Should().Be(before);
    }

    [Theory]
    [InlineData("a%5C")]
    [InlineData("a%22%5D.b")]
    [InlineData("x%27)%20OR%201%3D1%20--")]
    [InlineData("%24")]
    [InlineData("*")]
    [InlineData("")]
    public async Task A_data_field_with_any_name_is_a_query_for_that_name_and_finds_nothing_here(string field)
    {
        var ana = await _factory.SignInAsync("ana");
        await Campaigns.StartAsync(ana);

        using var response = await ana.GetAsync($"/api/instances?field={field}&value=x");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        page.GetProperty("total").GetInt32().Should().Be(0);
        page.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_data_field_or_value_with_the_character_nul_is_422_naming_the_parameter()
    {
        var ana = await _factory.SignInAsync("ana");

        using var field = await ana.GetAsync("/api/instances?field=own%00er&value=ana");
        using var value = await ana.GetAsync("/api/instances?field=owner&value=an%00a");

        var fieldProblem = await Campaigns.ProblemAsync(field, HttpStatusCode.UnprocessableEntity, "validation-failed");
        fieldProblem.GetProperty("errors").GetProperty("field")[0].GetString().Should().Contain("U+0000");
        var valueProblem = await Campaigns.ProblemAsync(value, HttpStatusCode.UnprocessableEntity, "validation-failed");
        valueProblem.GetProperty("errors").GetProperty("value")[0].GetString().Should().Contain("U+0000");
    }

    [Fact]
    public async Task Malformed_json_is_400_saying_where()
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.PostAsync("/api/instances", new StringContent("{\"processId\": ", System.Text.Encoding.UTF8, "application/json"));

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        problem.GetProperty("detail").GetString().Should().StartWith("The body is not valid JSON");
    }

    [Fact]
    public async Task An_unknown_instance_is_404()
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.GetAsync($"/api/instances/{Guid.NewGuid()}");

        await Campaigns.ProblemAsync(response, HttpStatusCode.NotFound, "instance-not-found");
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_changes_nothing()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();

        using var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{id}/triggers/Withdraw", ifMatch: "\"1\""));

        await Campaigns.ProblemAsync(response, HttpStatusCode.PreconditionFailed, "precondition-failed");
        using var read = await ana.GetAsync($"/api/instances/{id}");
        read.Headers.ETag!.Tag.Should().Be("\"2\"");
        (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().Should().Be("BudgetReview");
    }

    [Fact]
    public async Task A_current_if_match_applies_and_returns_the_new_etag()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();

        using var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{id}/triggers/Withdraw", ifMatch: "\"2\""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().Be("\"3\"");
    }

    [Fact]
    public async Task An_unchanged_instance_is_304_for_its_etag()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/instances/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");

        using var response = await ana.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_result_and_records_once()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();

        using var first = await ana.SendAsync(Campaigns.Post($"/api/instances/{id}/triggers/Submit", idempotencyKey: "submit-1"));
        using var again = await ana.SendAsync(Campaigns.Post($"/api/instances/{id}/triggers/Submit", idempotencyKey: "submit-1"));

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetBoolean().Should().BeTrue();
        (await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history")).GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Starting_twice_with_one_idempotency_key_creates_one_instance()
    {
        var ana = await _factory.SignInAsync("ana");

        using var first = await ana.SendAsync(Campaigns.Post("/api/instances", Campaigns.Start(), idempotencyKey: "start-1"));
        using var again = await ana.SendAsync(Campaigns.Post("/api/instances", Campaigns.Start(), idempotencyKey: "start-1"));

        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
            .Should().Be((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Available_actions_say_what_the_caller_may_do_and_why_not()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();
        var mia = await _factory.SignInAsync("mia");

        var actions = await mia.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/actions");

        var withdraw = actions.EnumerateArray().Single(a => a.GetProperty("trigger").GetString() == "Withdraw");
        withdraw.GetProperty("allowed").GetBoolean().Should().BeFalse();
        withdraw.GetProperty("reasons")[0].GetString().Should().Be("only ana, who submitted it, may fire 'Withdraw'");
    }

    [Fact]
    public async Task A_merge_patch_changes_the_data_in_draft_and_is_in_the_history()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/instances/{id}/data")
        {
            Content = new StringContent("""{ "name": "Summer launch", "objective": null }""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };

        using var response = await ana.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetProperty("data").GetProperty("name").GetString().Should().Be("Summer launch");
        (await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history"))[1].GetProperty("kind").GetString().Should().Be("DataChanged");
    }

    [Fact]
    public async Task A_checklist_item_is_completed_and_one_out_of_order_is_refused()
    {
        var ana = await _factory.SignInAsync("ana");
        var campaign = (await Campaigns.StartAsync(ana, budget: 5_000)).GetProperty("id").GetGuid();
        using var started = await ana.PostAsJsonAsync("/api/instances", new
        {
            processId = "launch-checklist",
            data = new { campaignId = campaign.ToString(), owner = "ana", launchAt = DateTimeOffset.UtcNow.AddDays(30) },
        });
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var outOfOrder = await ana.PostAsJsonAsync($"/api/instances/{id}/checklist/copy", new { action = "Complete" });
        using var brief = await ana.PostAsJsonAsync($"/api/instances/{id}/checklist/brief", new { action = "Complete" });

        (await Campaigns.ProblemAsync(outOfOrder, HttpStatusCode.Conflict, "not-permitted")).GetProperty("reasons")[0].GetString().Should().Contain("depends on 'brief', not done yet");
        brief.StatusCode.Should().Be(HttpStatusCode.OK, await brief.Content.ReadAsStringAsync());
        var item = (await brief.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetProperty("checklist").EnumerateArray()
            .Single(i => i.GetProperty("itemId").GetString() == "brief");
        item.GetProperty("status").GetString().Should().Be("Done");
        item.GetProperty("by").GetString().Should().Be("ana");
    }

    [Fact]
    public async Task Linked_instances_are_found_by_the_link()
    {
        var ana = await _factory.SignInAsync("ana");
        var campaign = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var other = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();

        using var linked = await ana.SendAsync(Campaigns.Post($"/api/instances/{other}/links", new { relation = "related", instanceId = campaign }, ifMatch: "\"1\""));

        linked.StatusCode.Should().Be(HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        linked.Headers.ETag!.Tag.Should().Be("\"2\"");
        var found = await ana.GetFromJsonAsync<JsonElement>($"/api/instances?linkedTo={campaign}");
        found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Equal(other);
        using var stale = await ana.SendAsync(Campaigns.Post($"/api/instances/{other}/links", new { relation = "related", instanceId = campaign }, ifMatch: "\"1\""));
        await Campaigns.ProblemAsync(stale, HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task A_link_repeated_with_its_idempotency_key_is_made_once()
    {
        var ana = await _factory.SignInAsync("ana");
        var campaign = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var other = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();

        using var first = await ana.SendAsync(Campaigns.Post($"/api/instances/{other}/links", new { relation = "related", instanceId = campaign }, idempotencyKey: "link-1"));
        using var again = await ana.SendAsync(Campaigns.Post($"/api/instances/{other}/links", new { relation = "related", instanceId = campaign }, idempotencyKey: "link-1"));

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        again.Headers.ETag!.Tag.Should().Be(first.Headers.ETag!.Tag);
        var history = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{other}/history");
        history.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "Linked").Should().Be(1);
    }
}
