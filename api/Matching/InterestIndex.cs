using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ContentHelper.Api.Topics;

namespace ContentHelper.Api.Matching;

/// <summary>
/// One account's contacts and their interests, ready to match: each distinct normalised phrase is held once
/// with its vector and stems, and contacts point at phrases. Matching cost therefore grows with distinct
/// phrases (a few thousand even for 100,000 contacts) rather than with contacts. Immutable; build a new one
/// when contacts change.
/// </summary>
internal sealed partial class InterestIndex
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // "movies and music", "film & tv", "cars, bikes" name several interests in one phrase.
    [GeneratedRegex(@"\s+(?:and|&|or)\s+|\s*[,/;+]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PartSeparator();

    private readonly float[] vectors;       // Phrases.Count × Dimensions, row-major; rows without a vector are zero
    private readonly bool[] hasVector;

    public IReadOnlyList<string> Phrases { get; }
    public IReadOnlyList<Guid> ContactIds { get; }
    /// <summary>Distinct phrases no vector was supplied for; they are matched lexically only until embedded.</summary>
    public IReadOnlyList<string> PhrasesWithoutVectors { get; }

    internal string[][] PhraseStems { get; }
    internal string[][][] PhraseParts { get; }
    internal int[] ContactStart { get; }     // CSR: contact c's phrases are ContactPhrases[ContactStart[c]..ContactStart[c+1]]
    internal int[] ContactPhrases { get; }

    public int ContactCount => ContactIds.Count;
    public int PhraseCount => Phrases.Count;
    internal ReadOnlySpan<float> Vector(int phrase) => vectors.AsSpan(phrase * TextEmbedder.Dimensions, TextEmbedder.Dimensions);
    internal bool HasVector(int phrase) => hasVector[phrase];

    private InterestIndex(List<string> phrases, List<Guid> contactIds, List<int> contactStart, List<int> contactPhrases, Func<string, ReadOnlyMemory<float>?> vectorOf)
    {
        Phrases = phrases;
        ContactIds = contactIds;
        ContactStart = [.. contactStart];
        ContactPhrases = [.. contactPhrases];
        vectors = new float[phrases.Count * TextEmbedder.Dimensions];
        hasVector = new bool[phrases.Count];
        PhraseStems = new string[phrases.Count][];
        PhraseParts = new string[phrases.Count][][];
        var missing = new List<string>();
        for (var i = 0; i < phrases.Count; i++)
        {
            PhraseStems[i] = TermAnalyzer.ContentStems(phrases[i]);
            var parts = PartSeparator().Split(phrases[i]).Select(TermAnalyzer.ContentStems).Where(p => p.Length > 0).ToArray();
            PhraseParts[i] = parts.Length > 1 ? parts : [];
            var vector = vectorOf(phrases[i]);
            if (vector is { Length: TextEmbedder.Dimensions } v)
            {
                v.Span.CopyTo(vectors.AsSpan(i * TextEmbedder.Dimensions));
                hasVector[i] = true;
            }
            else missing.Add(phrases[i]);
        }
        PhrasesWithoutVectors = missing;
    }

    /// <summary>The form a phrase is stored, shared and looked up by: trimmed, lower-case, single spaces.</summary>
    public static string Normalize(string phrase) => Whitespace().Replace(phrase.Trim(), " ").ToLowerInvariant();

    /// <summary>
    /// Builds the index from contacts' interests and a lookup of stored vectors by normalised phrase (e.g. the
    /// phrase → vector table). Phrases the lookup lacks are listed in <see cref="PhrasesWithoutVectors"/>.
    /// </summary>
    public static InterestIndex Build(IEnumerable<(Guid ContactId, IReadOnlyList<string> Interests)> contacts, Func<string, ReadOnlyMemory<float>?> vectorOf)
    {
        var phraseIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var phrases = new List<string>();
        var ids = new List<Guid>();
        var start = new List<int> { 0 };
        var refs = new List<int>();
        foreach (var (contactId, interests) in contacts)
        {
            foreach (var interest in interests.Select(Normalize).Where(p => p.Length > 0).Distinct())
            {
                if (!phraseIds.TryGetValue(interest, out var id))
                {
                    phraseIds[interest] = id = phrases.Count;
                    phrases.Add(interest);
                }
                refs.Add(id);
            }
            ids.Add(contactId);
            start.Add(refs.Count);
        }
        return new InterestIndex(phrases, ids, start, refs, vectorOf);
    }

    /// <summary>The distinct normalised phrases of a set of contacts: what needs a vector.</summary>
    public static IReadOnlyList<string> DistinctPhrases(IEnumerable<IReadOnlyList<string>> interests) =>
        [.. interests.SelectMany(i => i).Select(Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>A vector as bytes for storage (little-endian float32, 1,536 bytes).</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
