using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace MarketingWorkflows.Definitions.Files;

/// <summary>
/// Reads JSON into <see cref="SourceNode"/>s with line and column positions. Comments and
/// trailing commas are accepted, as editors of hand-written files expect.
/// </summary>
internal static class JsonSourceParser
{
    private const int MaxDepth = 64;

    public static SourceNode? Parse(string text, Action<int, int, string> error)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        (int Line, int Column) Position(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = Encoding.UTF8.GetCharCount(bytes, lineStarts[line], (int)offset - lineStarts[line]) + 1;
            return (line + 1, column);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = MaxDepth,
        });

        try
        {
            if (!reader.Read())
            {
                error(1, 1, "The file is empty. A definition file holds one JSON object (or YAML map) with at least 'id' and 'states'.");
                return null;
            }

            var root = ReadValue(ref reader, Position);
            if (reader.Read())
            {
                var (line, column) = Position(reader.TokenStartIndex);
                error(line, column, "There is more after the end of the definition. A file holds exactly one definition.");
                return null;
            }

            return root;
        }
        catch (JsonException ex)
        {
            // The reader reports 0-based positions; its message carries them too, so use only the reason.
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            error(line, column, "This is not valid JSON: " + Reason(ex.Message));
            return null;
        }
    }

    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut > 0 ? message[..cut] : message).Trim();
        return reason.EndsWith('.') ? reason : reason + ".";
    }

    private static SourceNode ReadValue(ref Utf8JsonReader reader, Func<long, (int Line, int Column)> position)
    {
        var (line, column) = position(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = SourceNode.Map(line, column);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (keyLine, keyColumn) = position(reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    var keyNode = SourceNode.Scalar(key, ScalarStyle.Quoted, keyLine, keyColumn);
                    reader.Read();
                    map.Entries.Add(new SourceEntry(key, keyNode, ReadValue(ref reader, position)));
                }

                return map;

            case JsonTokenType.StartArray:
                var list = SourceNode.List(line, column);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Items.Add(ReadValue(ref reader, position));
                }

                return list;

            case JsonTokenType.String:
                return SourceNode.Scalar(reader.GetString(), ScalarStyle.Quoted, line, column);

            case JsonTokenType.Null:
                return SourceNode.Scalar(null, ScalarStyle.Plain, line, column);

            default:
                // Numbers and booleans keep their exact text.
                return SourceNode.Scalar(Encoding.UTF8.GetString(reader.ValueSpan), ScalarStyle.Plain, line, column);
        }
    }
}
