using System.Globalization;
using System.Text;

namespace ContentHelper.Eval;

/// <summary>
/// The scrapinghub article-extraction-benchmark body metric, ported line for line from
/// shared/tools/extraction_metrics.py so that both print the same numbers:
/// tokens are Python's <c>\w+</c> (Unicode letters, numbers and '_', by code point, case-sensitive);
/// shingles are 4-grams (a text with fewer than 4 tokens gives one shorter shingle); per page tp/fp/fn are the
/// multiset overlap normalised by their sum; precision and recall are means over pages; F1 is of the two means;
/// ± is the standard deviation over bootstrap resamples drawn with Python's own Mersenne Twister (seed 0).
/// </summary>
internal static class BodyMetrics
{
    private const int ShingleSize = 4;

    public sealed record Result(double F1, double Precision, double Recall, double Accuracy, double F1Std,
        IReadOnlyList<double> PerPageF1);

    public static Result Compute(IReadOnlyList<(string Truth, string Predicted)> pairs, int bootstraps = 200, int seed = 0)
    {
        var counts = pairs.Select(p => TpFpFn(p.Truth, p.Predicted)).ToList();
        var exact = pairs.Select(p => Tokenize(p.Truth).SequenceEqual(Tokenize(p.Predicted)) ? 1.0 : 0.0).ToList();
        var (f1, precision, recall) = Prf(counts);
        var random = new PythonRandom((uint)seed);
        var f1s = new List<double>(bootstraps);
        int n = counts.Count;
        for (int b = 0; b < bootstraps; b++)
        {
            var sample = new List<(double, double, double)>(n);
            for (int i = 0; i < n; i++)
            {
                sample.Add(counts[random.RandBelow(n)]);
            }
            f1s.Add(Prf(sample).F1);
            // Python draws the accuracy resample from the same indices; nothing else consumes the generator.
        }
        var perPage = counts.Select(c =>
        {
            double p = Precision(c), r = Recall(c);
            return p + r > 0 ? 2 * p * r / (p + r) : 0;
        }).ToList();
        return new Result(f1, precision, recall, exact.Count > 0 ? exact.Average() : 0, SampleStdDev(f1s), perPage);
    }

    public static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsPythonWordChar(rune))
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }

    // Python's \w is str.isalnum() or '_': letters (L*) and numbers (Nd, Nl, No) — not combining marks.
    private static bool IsPythonWordChar(Rune rune) => rune.Value == '_' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static List<string> Shingles(string text)
    {
        var tokens = Tokenize(text);
        var shingles = new List<string>();
        for (int i = 0; i < Math.Max(1, tokens.Count - ShingleSize + 1); i++)
        {
            var shingle = tokens.Skip(i).Take(ShingleSize).ToList();
            if (shingle.Count > 0)
            {
                shingles.Add(string.Join('\u0001', shingle));
            }
        }
        return shingles;
    }

    private static (double Tp, double Fp, double Fn) TpFpFn(string truth, string predicted)
    {
        var t = Shingles(truth).CountBy(s => s).ToDictionary(StringComparer.Ordinal);
        var p = Shingles(predicted).CountBy(s => s).ToDictionary(StringComparer.Ordinal);
        double tp = 0, fp = 0, fn = 0;
        foreach (var key in t.Keys.Union(p.Keys))
        {
            int tc = t.GetValueOrDefault(key), pc = p.GetValueOrDefault(key);
            tp += Math.Min(tc, pc);
            fp += Math.Max(0, pc - tc);
            fn += Math.Max(0, tc - pc);
        }
        double sum = tp + fp + fn;
        return sum > 0 ? (tp / sum, fp / sum, fn / sum) : (tp, fp, fn);
    }

    private static double Precision((double Tp, double Fp, double Fn) c) =>
        c.Fp == 0 && c.Fn == 0 ? 1 : c.Tp == 0 && c.Fp == 0 ? 0 : c.Tp / (c.Tp + c.Fp);

    private static double Recall((double Tp, double Fp, double Fn) c) =>
        c.Fp == 0 && c.Fn == 0 ? 1 : c.Tp == 0 && c.Fn == 0 ? 0 : c.Tp / (c.Tp + c.Fn);

    private static (double F1, double Precision, double Recall) Prf(IReadOnlyList<(double Tp, double Fp, double Fn)> counts)
    {
        var ps = counts.Where(c => c.Tp + c.Fp > 0).Select(Precision).ToList();
        var rs = counts.Where(c => c.Tp + c.Fn > 0).Select(Recall).ToList();
        double p = ps.Count > 0 ? ps.Average() : 0, r = rs.Count > 0 ? rs.Average() : 0;
        return (p + r > 0 ? 2 * p * r / (p + r) : 0, p, r);
    }

    private static double SampleStdDev(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>CPython's random.Random(seed).randint(0, n - 1): MT19937 seeded by init_by_array and
    /// rejection-sampled getrandbits, so the bootstrap draws the same pages as the Python scorer.</summary>
    private sealed class PythonRandom
    {
        private readonly uint[] _mt = new uint[624];
        private int _index = 624;

        public PythonRandom(uint seed)
        {
            // init_genrand(19650218) then init_by_array([seed]) — CPython's seeding for a small int.
            _mt[0] = 19650218u;
            for (int i = 1; i < 624; i++)
            {
                _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
            }
            uint[] key = [seed];
            int k = 624, a = 1, j = 0;
            for (; k > 0; k--)
            {
                _mt[a] = (_mt[a] ^ ((_mt[a - 1] ^ (_mt[a - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
                a++;
                j++;
                if (a >= 624) { _mt[0] = _mt[623]; a = 1; }
                if (j >= key.Length) j = 0;
            }
            for (k = 623; k > 0; k--)
            {
                _mt[a] = (_mt[a] ^ ((_mt[a - 1] ^ (_mt[a - 1] >> 30)) * 1566083941u)) - (uint)a;
                a++;
                if (a >= 624) { _mt[0] = _mt[623]; a = 1; }
            }
            _mt[0] = 0x80000000u;
        }

        public int RandBelow(int n)
        {
            int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
            uint r = Next() >> (32 - bits);
            while (r >= n)
            {
                r = Next() >> (32 - bits);
            }
            return (int)r;
        }

        private uint Next()
        {
            if (_index >= 624)
            {
                for (int i = 0; i < 624; i++)
                {
                    uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % 624] & 0x7fffffffu);
                    _mt[i] = _mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0);
                }
                _index = 0;
            }
            uint x = _mt[_index++];
            x ^= x >> 11;
            x ^= (x << 7) & 0x9d2c5680u;
            x ^= (x << 15) & 0xefc60000u;
            x ^= x >> 18;
            return x;
        }
    }
}
