-- wrk script: 16 pipelined GET / per write (wrk's own examples/scripts/pipeline.lua sends 3 fixed paths).
-- wrk counts every response, so Requests/sec is responses, not batches; latency is per batch.
init = function(args)
    local batch = {}
    for i = 1, 16 do
        batch[i] = wrk.format(nil, "/")
    end
    req = table.concat(batch)
end

request = function()
    return req
end
