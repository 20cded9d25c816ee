using System.Globalization;
using System.Text;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// The normalised forms two records of one person share, used to match imported rows and to find duplicates.
/// Each returns null (or "") when there is nothing to match on, so that two blanks never match each other.
/// </summary>
public static class ContactKeys
{
    // Titles and credentials people put around their name on LinkedIn ("Dr. Ana Ruiz, PhD") but not in an address
    // book. Jr/Sr stay: they tell a father from his son.
    static readonly HashSet<string> NameNoise = ["dr", "mr", "mrs", "ms", "mx", "prof", "phd", "mba", "msc", "bsc", "cpa", "pmp", "md", "esq"];

    // Legal forms that one export writes and another leaves out ("Northwind, Inc." / "Northwind").
    static readonly HashSet<string> CompanyNoise = ["inc", "ltd", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "co", "corp", "corporation", "company", "limited", "the"];

    /// <summary>
    /// "https://uk.linkedin.com/in/Ana-Ruiz-1a2b/?originalSubdomain=uk" and "linkedin.com/in/ana-ruiz-1a2b" → "linkedin.com/in/ana-ruiz-1a2b".
    /// Null for anything that is not a LinkedIn address.
    /// </summary>
    public static string? LinkedIn(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var host = uri.Host.ToLowerInvariant();
        if (host != "linkedin.com" && !host.EndsWith(".linkedin.com", StringComparison.Ordinal)) return null;
        var path = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/').ToLowerInvariant();
        if (path.Length == 0) return null;
        var segments = path.Split('/');
        // /in/<slug> is a profile; anything after the slug (/details/…, /recent-activity) is a page of it.
        return segments is ["in", var slug, ..] ? "linkedin.com/in/" + slug : "linkedin.com/" + path;
    }

    static readonly PhoneNumbers.PhoneNumberUtil Phones = PhoneNumbers.PhoneNumberUtil.GetInstance();

    /// <summary>
    /// A phone number in E.164 ("+447700900123"), read with libphonenumber: "07700 900123" in the region GB,
    /// "+44 (0)7700 900-123" anywhere. Null when it is no valid number (or has no "+" and no region is known).
    /// </summary>
    public static string? Phone(string? phone, string? region)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        try
        {
            var number = Phones.Parse(phone, region);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumbers.PhoneNumberFormat.E164) : null;
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The address as people type it, compared ignoring case.</summary>
    public static string? Email(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>"Dr. José  García-López, PhD" → "jose garcia lopez".</summary>
    public static string Name(string? name) => Fold(name, NameNoise);

    /// <summary>"Northwind, Inc." → "northwind".</summary>
    public static string Company(string? company) => Fold(company, CompanyNoise);

    /// <summary>Lower case, accents removed, punctuation to spaces, whitespace collapsed; words in <paramref name="drop"/> left out.</summary>
    public static string Fold(string? text, IReadOnlySet<string>? drop = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch))
            {
                if (ch == 'ß') word.Append("ss");
                else word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            Flush();
        }
        Flush();
        return string.Join(' ', words);

        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString();
            word.Clear();
            if (drop is null || !drop.Contains(w)) words.Add(w);
        }
    }
}
