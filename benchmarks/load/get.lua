-- GET /api/instances/{id}, round-robin over the prepared instances.
local ids = {}
local n = 0
function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  token = args[2]
end
function request()
  n = n + 1
  local headers = {}
  if token ~= nil and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", "/api/instances/" .. ids[(n % #ids) + 1], headers)
end
