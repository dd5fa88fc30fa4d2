using System;
using System.Globalization;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Reads durations written as number-unit groups (<c>3d</c>, <c>48h</c>, <c>1d12h</c>, <c>1.5h</c>;
/// units w, d, h, m, s) or in ISO 8601 (<c>P3D</c>, <c>PT48H</c>).
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        return text is not null && TryParse(text.AsSpan(), out duration);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] is 'P' or '-' && text.Contains('P'))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(text.ToString());
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        decimal ticks = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || i >= text.Length
                || !decimal.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            long per = text[i] switch
            {
                'w' => TimeSpan.TicksPerDay * 7,
                'd' => TimeSpan.TicksPerDay,
                'h' => TimeSpan.TicksPerHour,
                'm' => TimeSpan.TicksPerMinute,
                's' => TimeSpan.TicksPerSecond,
                _ => 0,
            };
            if (per == 0)
            {
                return false;
            }

            i++;
            ticks += number * per;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)decimal.Truncate(ticks));
        return true;
    }

    /// <summary>Formats a duration in the shortest number-unit form (<c>3d</c>, <c>1d12h</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = duration < TimeSpan.Zero ? "-" : string.Empty;
        var rest = duration.Duration();
        var parts = new System.Text.StringBuilder(sign);
        Append(parts, ref rest, TimeSpan.TicksPerDay, 'd');
        Append(parts, ref rest, TimeSpan.TicksPerHour, 'h');
        Append(parts, ref rest, TimeSpan.TicksPerMinute, 'm');
        if (rest.Ticks > 0)
        {
            parts.Append((rest.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        return parts.ToString();
    }

    private static void Append(System.Text.StringBuilder parts, ref TimeSpan rest, long per, char unit)
    {
        var count = rest.Ticks / per;
        if (count > 0)
        {
            parts.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
            rest = TimeSpan.FromTicks(rest.Ticks - (count * per));
        }
    }
}
