-- POST a trigger that really changes state: each thread owns a slice of the prepared drafts
-- and walks it round after round, submitting them (Draft -> BudgetReview) and withdrawing
-- them (back to Draft) in turn, so every request is a valid transition as long as the slice is
-- larger than the requests in flight.
local threads = 0
function setup(thread)
  thread:set("slice", threads)
  threads = threads + 1
  thread:set("slices", 0)
end
function init(args)
  local all = {}
  for line in io.lines(args[1]) do all[#all + 1] = line end
  token = args[2]
  slices = tonumber(args[3])
  ids = {}
  for i = slice + 1, #all, slices do ids[#ids + 1] = all[i] end
  n = 0
end
function request()
  local index = (n % #ids) + 1
  local round = math.floor(n / #ids)
  n = n + 1
  local trigger = (round % 2 == 0) and "Submit" or "Withdraw"
  local headers = { ["Content-Type"] = "application/json" }
  if token ~= nil and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", "/api/instances/" .. ids[index] .. "/triggers/" .. trigger, headers, "{}")
end
