/**
 * The ledger's Lua scripts: each check-and-write runs atomically in Redis, so gateway
 * processes sharing one Redis can never jointly pass a budget. Amounts are picodollars as
 * decimal strings: Redis adds them exactly (HINCRBY is 64-bit), and comparisons of sums are
 * done on strings here, because Lua numbers are doubles (exact only to about $9,000 in picodollars).
 *
 * Layout under the prefix P (ARGV[1]):
 *   P ledger:key:<hash>      hash: loaded, total, d:<YYYY-MM-DD> per UTC day, reserved
 *   P ledger:org             hash: loaded, usage, credits, reserved
 *   P ledger:early:<id>      settlements that arrived while <id> (a key hash or "org") was loading
 *   P ledger:loading:<id>    a process is loading <id>'s baseline from the store
 *   P ledger:holds           zset: reservation id → expiry (unix ms)
 *   P ledger:hold-info       hash: reservation id → "<key hash> <amount> <against credits> <against key>"
 *   P ledger:settled:<id>    a settlement already applied (a replay after a lost reply is ignored)
 *   P ledger:epoch           "<random id>:<unix ms>": this Redis's ledger generation, created by the first
 *                            process to see it; a different one means Redis lost its data
 *   P ledger:settling        set for a moment after Redis came back empty: paid holds wait until every
 *                            process has reconnected and restored the holds of its requests in flight
 * The keys are built inside the scripts: one Redis (or a primary with replicas), not a cluster.
 */

const HELPERS = `
local function digits(value)
  if value == false or value == nil or value == '' or string.sub(value, 1, 1) == '-' then return '0' end
  local stripped = string.gsub(value, '^0+', '')
  if stripped == '' then return '0' end
  return stripped
end
local function add(a, b)
  a = digits(a); b = digits(b)
  local out, carry, i, j = {}, 0, #a, #b
  while i > 0 or j > 0 or carry > 0 do
    local sum = carry
    if i > 0 then sum = sum + string.byte(a, i) - 48; i = i - 1 end
    if j > 0 then sum = sum + string.byte(b, j) - 48; j = j - 1 end
    out[#out + 1] = string.char(48 + sum % 10)
    carry = math.floor(sum / 10)
  end
  return digits(string.reverse(table.concat(out)))
end
local function greater(a, b)
  a = digits(a); b = digits(b)
  if #a ~= #b then return #a > #b end
  return a > b
end
local P = ARGV[1]
local ORG = P .. 'ledger:org'
local HOLDS = P .. 'ledger:holds'
local INFO = P .. 'ledger:hold-info'
local function account(hash) return P .. 'ledger:key:' .. hash end
local function free(id)
  local info = redis.call('HGET', INFO, id)
  redis.call('ZREM', HOLDS, id)
  if not info then return 0 end
  redis.call('HDEL', INFO, id)
  local hash, amount, credits, limited = string.match(info, '^(%S+) (%S+) (%S+) (%S+)$')
  if digits(amount) == '0' then return 1 end
  -- A hold is counted in its account's reserved field (by reserve, or by a restore, even before
  -- the account's baseline is loaded): a missing field means the account was lost, not this hold.
  if limited == '1' and redis.call('HEXISTS', account(hash), 'reserved') == 1 then
    redis.call('HINCRBY', account(hash), 'reserved', '-' .. amount)
  end
  if credits == '1' and redis.call('HEXISTS', ORG, 'reserved') == 1 then
    redis.call('HINCRBY', ORG, 'reserved', '-' .. amount)
  end
  return 1
end
`;

/**
 * Reserve. ARGV: prefix, key hash, limit ('' = none), since ('' = all time, else the period's
 * first UTC day), amount, against credits ('1'/'0'), now, expiry, reservation id, oldest day kept,
 * the epoch the process knows ('' at first).
 * Returns {'ok'} | {'epoch'} (restore holds first) | {'settling'} | {'load_key'} | {'load_org'} |
 * {'refused', source, used, reserved, budget}.
 */
export const RESERVE_SCRIPT = `${HELPERS}
local hash, limit, since, amount, credits = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local now, expiry, id, oldest = tonumber(ARGV[7]), ARGV[8], ARGV[9], ARGV[10]
if redis.call('GET', P .. 'ledger:epoch') ~= ARGV[11] then return {'epoch'} end
if digits(amount) ~= '0' and redis.call('EXISTS', P .. 'ledger:settling') == 1 then return {'settling'} end
for _, expired in ipairs(redis.call('ZRANGEBYSCORE', HOLDS, '-inf', now, 'LIMIT', 0, 200)) do free(expired) end
-- A clock that jumped back by more than a TTL: holds made "in the future" expire too.
local future = 2 * tonumber(expiry) - now
for _, expired in ipairs(redis.call('ZRANGEBYSCORE', HOLDS, future, '+inf', 'LIMIT', 0, 200)) do free(expired) end
local key = account(hash)
if limit ~= '' and redis.call('HGET', key, 'loaded') ~= '1' then return {'load_key'} end
if credits == '1' and redis.call('HGET', ORG, 'loaded') ~= '1' then return {'load_org'} end
if limit ~= '' then
  local fields = redis.call('HGETALL', key)
  local used, reserved = '0', '0'
  for index = 1, #fields, 2 do
    local field, value = fields[index], fields[index + 1]
    if field == 'reserved' then reserved = value
    elseif since == '' and field == 'total' then used = value
    elseif string.sub(field, 1, 2) == 'd:' then
      local day = string.sub(field, 3)
      if day < oldest then redis.call('HDEL', key, field)
      elseif since ~= '' and day >= since then used = add(used, value) end
    end
  end
  if greater(add(add(used, reserved), amount), limit) then return {'refused', 'key_limit', digits(used), digits(reserved), limit} end
end
if credits == '1' then
  local org = redis.call('HMGET', ORG, 'usage', 'reserved', 'credits')
  if greater(add(add(org[1], org[2]), amount), digits(org[3])) then
    return {'refused', 'credits', digits(org[1]), digits(org[2]), digits(org[3])}
  end
end
local limited = '0'
if limit ~= '' then limited = '1' end
redis.call('ZADD', HOLDS, expiry, id)
redis.call('HSET', INFO, id, hash .. ' ' .. amount .. ' ' .. credits .. ' ' .. limited)
if limit ~= '' then redis.call('HINCRBY', key, 'reserved', amount) end
if credits == '1' then redis.call('HINCRBY', ORG, 'reserved', amount) end
return {'ok'}
`;

/**
 * Settle. ARGV: prefix, key hash, reservation id ('' = none), actual cost, UTC day, settlement
 * id ('' when there is no cost to count twice), settlement marker ttl (ms). Returns 1, or 0 when this settlement was applied before.
 */
export const SETTLE_SCRIPT = `${HELPERS}
local hash, id, actual, day, settlement, markerTtl = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if settlement ~= '' and not redis.call('SET', P .. 'ledger:settled:' .. settlement, '1', 'NX', 'PX', markerTtl) then return 0 end
if id ~= '' then free(id) end
if digits(actual) == '0' then return 1 end
local key = account(hash)
if redis.call('HGET', key, 'loaded') == '1' then
  redis.call('HINCRBY', key, 'total', actual)
  redis.call('HINCRBY', key, 'd:' .. day, actual)
elseif redis.call('EXISTS', P .. 'ledger:loading:' .. hash) == 1 then
  redis.call('HINCRBY', P .. 'ledger:early:' .. hash, 'total', actual)
  redis.call('HINCRBY', P .. 'ledger:early:' .. hash, 'd:' .. day, actual)
end
if redis.call('HGET', ORG, 'loaded') == '1' then
  redis.call('HINCRBY', ORG, 'usage', actual)
elseif redis.call('EXISTS', P .. 'ledger:loading:org') == 1 then
  redis.call('HINCRBY', P .. 'ledger:early:org', 'usage', actual)
end
return 1
`;

/** Release. ARGV: prefix, reservation id. */
export const RELEASE_SCRIPT = `${HELPERS}
return free(ARGV[2])
`;

/**
 * Before a process reads a baseline from the store. ARGV: prefix, id (key hash or 'org'),
 * marker ttl (ms). Returns 'loaded' (nothing to do) or 'load'. Settlements from now on are
 * collected in the early hash, so none is missed between the store read and the load.
 */
export const BEGIN_LOAD_SCRIPT = `${HELPERS}
local id = ARGV[2]
local target = ORG
if id ~= 'org' then target = account(id) end
if redis.call('HGET', target, 'loaded') == '1' then return 'loaded' end
if redis.call('SET', P .. 'ledger:loading:' .. id, '1', 'NX', 'PX', ARGV[3]) then
  redis.call('DEL', P .. 'ledger:early:' .. id)
end
return 'load'
`;

/**
 * A key's baseline from the store. ARGV: prefix, key hash, total, then day, cost pairs.
 * The first loader wins; settlements collected meanwhile are added.
 */
export const LOAD_KEY_SCRIPT = `${HELPERS}
local hash = ARGV[2]
local key = account(hash)
if redis.call('HGET', key, 'loaded') == '1' then return 0 end
local early = P .. 'ledger:early:' .. hash
redis.call('HSET', key, 'loaded', '1', 'total', ARGV[3])
for index = 4, #ARGV, 2 do redis.call('HSET', key, 'd:' .. ARGV[index], ARGV[index + 1]) end
local fields = redis.call('HGETALL', early)
for index = 1, #fields, 2 do redis.call('HINCRBY', key, fields[index], fields[index + 1]) end
redis.call('DEL', early, P .. 'ledger:loading:' .. hash)
return 1
`;

/** The org's usage and credits from the store. ARGV: prefix, usage, credits. */
export const LOAD_ORG_SCRIPT = `${HELPERS}
if redis.call('HGET', ORG, 'loaded') == '1' then return 0 end
local early = P .. 'ledger:early:org'
redis.call('HSET', ORG, 'loaded', '1', 'usage', ARGV[2], 'credits', ARGV[3])
local extra = redis.call('HGET', early, 'usage')
if extra then redis.call('HINCRBY', ORG, 'usage', extra) end
redis.call('DEL', early, P .. 'ledger:loading:org')
return 1
`;

/**
 * A process's holds of requests in flight, written back after Redis lost its data (and learning
 * the epoch). ARGV: prefix, the epoch the process knew ('' = none), now, grace (ms), a new epoch id,
 * then per hold: id, key hash, amount, against credits, against key, expiry. Holds Redis still has
 * are left alone. When the process knew another epoch and this one is younger than the grace, the
 * settling marker runs until the epoch is `grace` old: no paid hold is granted before every
 * process has had time to reconnect and restore its own. Returns the epoch.
 */
export const RESTORE_HOLDS_SCRIPT = `${HELPERS}
local known, now, grace = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local EPOCH = P .. 'ledger:epoch'
local epoch = redis.call('GET', EPOCH)
if not epoch then
  epoch = ARGV[5] .. ':' .. ARGV[3]
  redis.call('SET', EPOCH, epoch)
end
local born = tonumber(string.match(epoch, ':(%d+)$')) or 0
if known ~= '' and known ~= epoch and now < born + grace then
  redis.call('SET', P .. 'ledger:settling', '1', 'PX', math.floor(born + grace - now))
end
for index = 6, #ARGV - 5, 6 do
  local id, hash, amount, credits, limited, expiry = ARGV[index], ARGV[index + 1], ARGV[index + 2], ARGV[index + 3], ARGV[index + 4], ARGV[index + 5]
  if tonumber(expiry) > now and not redis.call('ZSCORE', HOLDS, id) then
    redis.call('ZADD', HOLDS, expiry, id)
    redis.call('HSET', INFO, id, hash .. ' ' .. amount .. ' ' .. credits .. ' ' .. limited)
    if limited == '1' then redis.call('HINCRBY', account(hash), 'reserved', amount) end
    if credits == '1' then redis.call('HINCRBY', ORG, 'reserved', amount) end
  end
end
return epoch
`;

/** Credits were topped up: ARGV: prefix, credits. Ignored until the org is loaded. */
export const SET_CREDITS_SCRIPT = `${HELPERS}
if redis.call('HGET', ORG, 'loaded') ~= '1' then return 0 end
redis.call('HSET', ORG, 'credits', ARGV[2])
return 1
`;

/** Reserved sums. ARGV: prefix, key hash, now. Sweeps expired holds first. Returns {key reserved, credits reserved}. */
export const RESERVED_SCRIPT = `${HELPERS}
for _, expired in ipairs(redis.call('ZRANGEBYSCORE', HOLDS, '-inf', tonumber(ARGV[3]), 'LIMIT', 0, 1000)) do free(expired) end
return {digits(redis.call('HGET', account(ARGV[2]), 'reserved')), digits(redis.call('HGET', ORG, 'reserved'))}
`;
