-- Maps every printed name key to the key of the indicator it belongs to. Two keys are one
-- indicator when they have the same words except one word that the other spells with up to
-- three extra letters ('Personhälsa' / 'Personalhälsa', 'Andel' / 'Andelen'). Different
-- words ('inrikesflyg' / 'utrikesflyg') never match.
with keys as (
    select name_key, count(*) as n
    from {{ admitted('stg_raw__indicator_value') }}
    group by name_key
),

tokens as (
    select name_key, n, string_split(name_key, ' ') as words
    from keys
),

pairs as (
    select a.name_key as key_a, b.name_key as key_b, a.n as n_a, b.n as n_b,
           list_zip(a.words, b.words) as zipped
    from tokens a
    join tokens b
        on a.name_key <> b.name_key
        and len(a.words) = len(b.words)
        and abs(length(a.name_key) - length(b.name_key)) between 1 and 3
),

diffs as (
    select key_a, key_b, n_a, n_b,
           list_filter(zipped, x -> x[1] <> x[2]) as differing
    from pairs
),

close_pairs as (
    select key_a, key_b, n_a, n_b
    from diffs
    where len(differing) = 1
      and least(length(differing[1][1]), length(differing[1][2])) >= 5
      and levenshtein(differing[1][1], differing[1][2]) = abs(length(differing[1][1]) - length(differing[1][2]))
),

canonical as (
    -- the partner printed more often (then the shorter, then the first) names the indicator
    select k.name_key,
           coalesce(
               (select p.key_b from close_pairs p
                where p.key_a = k.name_key
                  and (p.n_b > p.n_a or (p.n_b = p.n_a and p.key_b < p.key_a))
                order by p.n_b desc, p.key_b limit 1),
               k.name_key) as indicator_key
    from keys k
)

select
    name_key,
    indicator_key,
    'ind_' || substr(md5(indicator_key), 1, 16) as indicator_id
from canonical
