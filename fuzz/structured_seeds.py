#!/usr/bin/env python3
"""Writes the structured seeds of the command_json target (fuzz/seeds/command_json/*.bin).

A structured input is a 0 byte (the form selector: not `{`, `a`, space or newline) and steps, each an
opcode and the bytes it reads (see fuzz/src/steps.rs). Run from fuzz/: python3 structured_seeds.py
"""
import os, sys
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "command_json")
# op: 0 receive 1 notify 2 submit 3 accept 4 refuse 5 report_negative 6 complete_step 7 pause 8 resume
# 9 extend 10 decide 11 deliver 12 joint_reply 13 joint_absence 14 rate 15 follow_up 16 terminate
# 17 record_inquiry 18 answer_inquiry 19 withdraw 20 advance 21 next timer
# cases: 0 C1 1 C2 2 C3 5 Q1 6 Q2 ; actor < 0xA0 usual, 0xA0+k actors[k]:
# 0 s-clerk 1 s-clerk2 2 s-rev 3 s-rev2 4 s-head 5 s-fire 6 s-fire-head 7 s-sup 8 s-fire-clerk 9 s-gov-head
# 10 s-hall 11 甲 12 乙 13 ghost 14 "" (the county fixture's staff in order, then the applicants and unknown names;
# the engine targets' policy makes the hall a central intake window for the food licence)
# time: b&3: 0 +10k min, 1 +4k h, 2 +k days; k = b>>2. b&3 == 3 jumps by k%8: 0 same instant, 1 -1 s,
# 2 -(k/8+1) h, 3 next timer, 4 its -1 s, 5 its +1 s, 6 edge[k/8 % 7], 7 edge - 1 s; edges: s-rev away, back,
# s-rev2 away, back, 2027-01-01 00:00 +08, 2027-01-04, 2003-12-31 (beyond the calendar)
H1 = 6 << 2          # +1 hour
D1 = (1 << 2) | 2    # +1 day
FAR = (63 << 2) | 2  # +63 days
seeds = {
 "lifecycle.bin": [
  [0, 0, 0, 0, 0, 0, 0x01],           # receive C1 FOOD 甲 [申请书]
  [1, 0, 0, H1, 0x06],                # notify missing
  [2, 0, 1, D1, 0x06],                # submit (s-clerk2)
  [3, 0, 0, H1],                      # accept
  [6, 0, 0, H1],                      # step 1 (window)
  [6, 0, 0, D1],                      # step 2 (review)
  [7, 0, 0, H1, 0],                   # pause inspection
  [8, 0, 0, D1],                      # resume
  [6, 0, 0, H1],                      # step 3
  [9, 0, 0, H1, 2],                   # extend 10 (head)
  [10, 0, 1, H1, 1],                  # decide approve (head)
  [11, 0, 0, D1],                     # deliver
  [14, 0, 0, H1, 72],                 # rate 2, real name (applicant)
  [15, 0, 0, D1, 0],                  # follow up (head)
  [20, FAR],                          # advance
 ],
 "joint.bin": [
  [0, 1, 0, 0, 1, 1, 0x10],           # receive C2 BLDG 乙
  [3, 1, 0, H1],                      # accept
  [6, 1, 0, H1],                      # step 1
  [13, 1, 0, H1, 2, 1],               # joint absence fire, excused
  [12, 1, 0, H1, 2, 1],               # joint reply fire (s-fire), disagree with reasons
  [6, 1, 0, D1],                      # step 2
  [21, 1], [21, 1], [21, 1], [21, 0],  # timers
  [10, 1, 1, H1, 0],                  # decide deny with reasons (head)
  [5, 1, 0, H1, 0],                   # report negative to the head
  [20, FAR],
 ],
 "other-units.bin": [
  [0, 2, 0xA6, 0, 0, 0, 0x0F],        # receive C3 by s-fire-head (head of fire): rejected
  [0, 2, 0xA8, 0, 0, 0, 0x0F],        # receive C3 by s-fire-clerk (clerk of fire): rejected
  [0, 2, 0, 0, 0, 0, 0x0F],           # receive C3 by amr's clerk
  [3, 2, 0xA8, H1],                   # accept by s-fire-clerk: rejected
  [3, 2, 0, H1],                      # accept by amr's clerk
  [6, 2, 0xA5, H1],                   # step by s-fire (not the holder): rejected
  [9, 2, 0xA6, H1, 1],                # extend by s-fire-head: rejected (not amr nor its superior)
  [9, 2, 0xA9, H1, 1],                # extend by s-gov-head (amr's superior)
  [16, 2, 0xA6, H1, 0],               # terminate by s-fire-head (not of amr): rejected
  [6, 2, 0, H1],                      # step by the holder
  [10, 2, 0xA6, H1, 1],               # decide by s-fire-head: rejected (another unit; steps pending)
  [11, 2, 0xA7, H1],                  # deliver by s-sup (no clerk role): rejected
  [0, 0, 0xAD, H1, 0, 0, 0],          # receive by ghost: rejected
  [0, 0, 0xA7, H1, 0, 0, 0],          # receive by s-sup: rejected
  [20, FAR],
 ],
 "intake.bin": [
  [0, 0, 0xAA, 0, 0, 0, 0x01],        # receive C1 FOOD by s-hall (the intake window)
  [1, 0, 0xAA, H1, 0x06],             # one-time notice by s-hall
  [2, 0, 0xAA, D1, 0x06],             # corrections taken by s-hall
  [3, 0, 0xAA, H1],                   # accept by s-hall
  [6, 0, 0xAA, H1],                   # step by s-hall (not the window post's holder): rejected
  [0, 1, 0xAA, H1, 1, 1, 0x10],       # receive C2 BLDG by s-hall (not taken in): rejected
  [0, 1, 0xA8, H1, 0, 1, 0x10],       # receive C2 FOOD by s-fire-clerk: rejected
  [0, 2, 0xAA, H1, 0, 1, 0x01],       # receive C3 FOOD by s-hall
  [4, 2, 0xAA, H1, 0x24],             # refuse C3 by s-hall, with reasons, basis, remedies
  [5, 2, 0xAA, H1, 0],                # report by s-hall (not of amr): rejected
  [5, 2, 0, H1, 0x81],                # report by amr's head to s-gov-head (amr's superior)
  [19, 0, 0xAA, H1],                  # withdraw C1 by s-hall (nothing else): rejected
  [19, 0, 0, H1],                     # withdraw by amr's clerk
  [20, FAR],
 ],
 "other-units-joint.bin": [
  [0, 1, 0, 0, 1, 1, 0x10],           # receive C2 BLDG
  [3, 1, 0, H1],                      # accept
  [12, 1, 0xA2, H1, 2, 0],            # joint reply for fire by s-rev (amr): rejected
  [12, 1, 0xA6, H1, 1, 0],            # joint reply for amr by s-fire-head: rejected (amr not consulted)
  [13, 1, 0xA5, H1, 2, 0],            # joint absence recorded by s-fire (not the lead unit): rejected
  [13, 1, 0xA3, D1, 2, 0],            # unexcused absence recorded by s-rev2: deemed agreement
  [12, 1, 0xA6, H1, 2, 0],            # fire replies after the deemed opinion: rejected
  [21, 1], [21, 1], [21, 1],
  [20, FAR],
 ],
 "inquiry.bin": [
  [17, 5, 0xA7, 0, 0x80, 4, 0],       # Q1 by s-sup, also asked s-head and s-clerk: s-head responsible
  [18, 5, 0xA7, H1, 2],               # answered by s-sup (not responsible): rejected
  [18, 5, 0, H1, 2],                  # by the responsible one
  [17, 6, 0xA5, H1, 0],               # Q2 by s-fire, never answered
  [0, 5, 0, H1, 0, 0, 0x01],          # a case numbered like an inquiry: rejected
  [3, 6, 0, H1],                      # accept an inquiry: rejected
  [21, 1],                            # Q2's limit
  [17, 0, 0xAE, H1, 0x40, 13],        # by "" also asking ghost: rejected
  [20, FAR],
 ],
 "ab.bin": [
  [0, 0, 0, (2 << 2) | 2, 0, 2, 0x07],  # two days on: receive C1, applicant named s-clerk
  [3, 0, 0, H1],                      # accept
  [6, 0, 0, H1],                      # step 1 (window)
  [20, 27],                           # to the start of s-rev's absence
  [6, 0, 0, H1],                      # step 2 by the B holder (s-rev2)
  [20, 91],                           # to the start of s-rev2's absence: A and B away
  [6, 0, 0, H1],                      # step 3 by the unit head: an A/B violation
  [14, 0, 0, H1, 5],                  # rating before closure: rejected
  [10, 0, 0, H1, 1],                  # decide (the head)
  [11, 0, 0xA0, H1],                  # deliver (s-clerk)
  [14, 0, 0, H1, 5],                  # rated by the applicant (named like a staff member)
  [21, 1], [21, 1],
  [20, 155],                          # past the calendar's last day
  [20, FAR],
 ],
}
os.makedirs(out, exist_ok=True)
for name, steps in seeds.items():
    assert len(steps) <= 16, name  # MAX_STEPS in fuzz/src/steps.rs
    data = bytes([0]) + bytes(b for s in steps for b in s)
    open(os.path.join(out, name), "wb").write(data)
    print(name, len(data))
