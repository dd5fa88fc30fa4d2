using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions.Versions;
using MarketingWorkflows.Processes;

namespace MarketingWorkflows.Tests.Definitions.Versions;

/// <summary>
/// Random edits of the built-in definitions' files, as an author might make them: a value
/// replaced by another from the same file, a flag flipped, a number moved, an entry removed, two
/// entries swapped, or a value set to what it already was. Edits that do not load are dropped.
/// </summary>
public sealed class ProcessDefinitionDiffPropertyTests
{
    private const int Seed = 20261205;
    private const int Rounds = 400;

    [Fact]
    public void A_diff_is_empty_exactly_when_the_content_hashes_are_equal()
    {
        var random = new Random(Seed);
        var equal = 0;
        var different = 0;
        foreach (var round in Enumerable.Range(0, Rounds))
        {
            var original = BuiltInProcesses.Definitions[round % BuiltInProcesses.Definitions.Count];
            var source = JsonNode.Parse(original.ToJson())!.AsObject();
            var edits = 1 + random.Next(3);
            for (var i = 0; i < edits; i++)
            {
                Mutate(source, random);
            }

            if (Edits.TryLoad(source).Definition is not { } edited)
            {
                continue;
            }

            var diff = ProcessDefinitionDiff.Compare(original, edited);
            var back = ProcessDefinitionDiff.Compare(edited, original);
            var same = original.ContentHash == edited.ContentHash;
            diff.IsEmpty.Should().Be(same, "round {0} gave {1}", round, diff.ToText());
            back.IsEmpty.Should().Be(same);
            ProcessDefinitionDiff.Compare(edited, edited).IsEmpty.Should().BeTrue();
            back.Changes.Count(c => c.Kind == ChangeKind.Added).Should().Be(diff.Changes.Count(c => c.Kind == ChangeKind.Removed), "what one direction adds the other removes");
            if (same)
            {
                equal++;
            }
            else
            {
                different++;
                diff.ToText().Should().NotContain("no changes");
            }
        }

        equal.Should().BeGreaterThan(10, "some edits put back what was there");
        different.Should().BeGreaterThan(100, "most edits that load change something");
    }

    private static void Mutate(JsonObject root, Random random)
    {
        var leaves = new List<(JsonNode Parent, object Key, JsonValue Value)>();
        var arrays = new List<JsonArray>();
        var strings = new List<string>();
        Collect(root, leaves, arrays, strings);
        switch (random.Next(6))
        {
            case 0 when leaves.Count > 0:
                {
                    // Another value from the same file: most often a name that exists elsewhere.
                    var (parent, key, value) = leaves[random.Next(leaves.Count)];
                    if (value.TryGetValue<string>(out _))
                    {
                        Set(parent, key, JsonValue.Create(strings[random.Next(strings.Count)]));
                    }

                    break;
                }

            case 1 when leaves.Count > 0:
                {
                    var (parent, key, value) = leaves[random.Next(leaves.Count)];
                    if (value.TryGetValue<bool>(out var flag))
                    {
                        Set(parent, key, JsonValue.Create(!flag));
                    }
                    else if (value.TryGetValue<decimal>(out var number))
                    {
                        Set(parent, key, JsonValue.Create(number + random.Next(-1, 2)));
                    }
                    else if (value.TryGetValue<string>(out var text))
                    {
                        Set(parent, key, JsonValue.Create(random.Next(2) == 0 ? text : text + " (new)"));
                    }

                    break;
                }

            case 2 when arrays.Count > 0:
                {
                    var array = arrays[random.Next(arrays.Count)];
                    if (array.Count > 0)
                    {
                        array.RemoveAt(random.Next(array.Count));
                    }

                    break;
                }

            case 3 when arrays.Count > 0:
                {
                    var array = arrays[random.Next(arrays.Count)];
                    if (array.Count > 1)
                    {
                        var i = random.Next(array.Count);
                        var j = random.Next(array.Count);
                        var first = array[i]!.DeepClone();
                        var second = array[j]!.DeepClone();
                        array[i] = second;
                        array[j] = first;
                    }

                    break;
                }

            case 4 when leaves.Count > 0:
                {
                    // Setting a value to itself changes nothing.
                    var (parent, key, value) = leaves[random.Next(leaves.Count)];
                    Set(parent, key, value.DeepClone());
                    break;
                }

            default:
                {
                    var objects = leaves.Select(l => l.Parent).OfType<JsonObject>().Distinct().ToList();
                    var target = objects[random.Next(objects.Count)];
                    var names = target.Select(p => p.Key).Where(k => k is not "name" and not "id" and not "trigger" and not "version").ToList();
                    if (names.Count > 0)
                    {
                        target.Remove(names[random.Next(names.Count)]);
                    }

                    break;
                }
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object, JsonValue)> leaves, List<JsonArray> arrays, List<string> strings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (key == "version" && ReferenceEquals(obj.Parent, null))
                    {
                        continue;
                    }

                    if (child is JsonValue value)
                    {
                        leaves.Add((obj, key, value));
                        if (value.TryGetValue<string>(out var text))
                        {
                            strings.Add(text);
                        }
                    }
                    else if (child is not null)
                    {
                        Collect(child, leaves, arrays, strings);
                    }
                }

                break;
            case JsonArray array:
                arrays.Add(array);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value)
                    {
                        leaves.Add((array, i, value));
                        if (value.TryGetValue<string>(out var text))
                        {
                            strings.Add(text);
                        }
                    }
                    else if (array[i] is { } child)
                    {
                        Collect(child, leaves, arrays, strings);
                    }
                }

                break;
        }
    }
}
